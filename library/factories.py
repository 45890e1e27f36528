"""Factories for the audio library: real (generated) audio, transcripts and pages."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from .audio import inspect_audio
from .models import (
    AudioFile,
    EpisodePage,
    LibraryIndexPage,
    PlaylistItem,
    PlaylistPage,
    PodcastShowPage,
    Transcript,
)
from .synthesis import encode_mp3, tone_pcm


def tone_mp3(seconds=3.0):
    return encode_mp3(tone_pcm(seconds))


class AudioFileFactory(DjangoModelFactory):
    """An AudioFile whose metadata is read from its (real) content, as the upload form does."""

    title = factory.Sequence(lambda n: f"Recording {n}")
    language = "en"
    file = factory.LazyAttribute(
        lambda o: ContentFile(tone_mp3(), name=f"{slugify(o.title) or 'audio'}.mp3")
    )

    class Meta:
        model = AudioFile

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        content = kwargs["file"]
        info = inspect_audio(content)
        content.seek(0)
        content.name = f"{content.name.rsplit('.', 1)[0]}.{info.extension}"
        kwargs.update(
            duration_seconds=info.duration_seconds,
            size_bytes=info.size_bytes,
            mime_type=info.mime_type,
            bitrate=info.bitrate,
            sample_rate=info.sample_rate,
            channels=info.channels,
        )
        return super()._create(model_class, *args, **kwargs)


class TranscriptFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Transcript {n}")
    locale = factory.LazyFunction(Locale.get_default)
    cues = factory.LazyFunction(
        lambda: [
            ("cue", {"start": 0.0, "end": 1.5, "speaker": "Host", "text": "Welcome back."}),
            ("cue", {"start": 1.5, "end": 3.0, "speaker": "", "text": "Let's talk about rest."}),
        ]
    )
    text = ""

    class Meta:
        model = Transcript


class LibraryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Listen"
    slug = "listen"
    introduction = "Podcasts and playlists to start conversations."

    class Meta:
        model = LibraryIndexPage


class PodcastShowPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "Conversations about looking after ourselves and each other."
    host_names = "Sam Lee"
    owner_email = "heartandsoul@example.com"

    class Meta:
        model = PodcastShowPage


class EpisodePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Episode {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    episode_number = factory.Sequence(lambda n: n + 1)
    audio = factory.SubFactory(AudioFileFactory)
    transcript = factory.SubFactory(TranscriptFactory)
    introduction = "A short conversation."

    class Meta:
        model = EpisodePage


class PlaylistPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Playlist {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    class Meta:
        model = PlaylistPage


class PlaylistItemFactory(DjangoModelFactory):
    playlist = factory.SubFactory(PlaylistPageFactory)
    episode = factory.SubFactory(EpisodePageFactory)
    note = ""

    class Meta:
        model = PlaylistItem
