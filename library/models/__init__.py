"""The library's models, one module per part; import them from here (`library.models`).

- audio: AudioFile (uploaded recordings), audio_upload_to, format_duration
- transcripts: Transcript (reviewed snippet) and its CueBlock
- episodes: EpisodePage, its ChapterBlock, TIMESTAMP_VALIDATOR and timestamp_to_seconds
- playlists: PlaylistPage, PlaylistItem
- shows: LibraryIndexPage, PodcastShowPage, APPLE_PODCAST_CATEGORIES
- tokens: PodcastFeedToken, NEW_FEED_KEY_SESSION_KEY
- library.listening.models: listening state, imported here so Django finds the models

Migrations name `library.models.audio.audio_upload_to`: keep it importable there.
"""

# Listening state lives in its own module; imported here so Django finds the models.
from ..listening.models import ListeningPosition, ListeningPreference, SavedItem
from .audio import AudioFile, audio_upload_to, format_duration
from .episodes import TIMESTAMP_VALIDATOR, ChapterBlock, EpisodePage, timestamp_to_seconds
from .playlists import PlaylistItem, PlaylistPage
from .shows import APPLE_PODCAST_CATEGORIES, LibraryIndexPage, PodcastShowPage
from .tokens import NEW_FEED_KEY_SESSION_KEY, PodcastFeedToken
from .transcripts import CueBlock, Transcript

__all__ = [
    "APPLE_PODCAST_CATEGORIES",
    "NEW_FEED_KEY_SESSION_KEY",
    "TIMESTAMP_VALIDATOR",
    "AudioFile",
    "ChapterBlock",
    "CueBlock",
    "EpisodePage",
    "LibraryIndexPage",
    "ListeningPosition",
    "ListeningPreference",
    "PlaylistItem",
    "PlaylistPage",
    "PodcastFeedToken",
    "PodcastShowPage",
    "SavedItem",
    "Transcript",
    "audio_upload_to",
    "format_duration",
    "timestamp_to_seconds",
]
