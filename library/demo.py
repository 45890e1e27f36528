"""Demo content for the audio library: two shows, three episodes each, two playlists.

The audio is made here, at load time: speech from espeak-ng where the machine has it, soft
tones otherwise, encoded to MP3 and saved through the configured storage (local files or S3).
"""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils.text import slugify

from cms.core.demo import read_demo_copy, translate_demo_object
from cms.core.factories import CustomImageFactory
from cms.core.taxonomy import Pillar, Topic

from .factories import (
    AudioFileFactory,
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PlaylistPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from .models import EpisodePage, LibraryIndexPage, PlaylistItem, PlaylistPage, PodcastShowPage
from .synthesis import record

# The copy is in demo_data/<language>.json: en.json holds the library, shows, episodes and
# playlists; the other languages map English strings to their translation ("strings").
COPY = read_demo_copy("library")
LIBRARY = COPY["en"]["library"]
# Every episode's script ends with the route to help (safe messaging).
ROUTE_TO_HELP = COPY["en"]["route_to_help"]
SHOWS = [
    {
        **show,
        "episodes": [
            {**episode, "script": [*episode["script"], ROUTE_TO_HELP]}
            for episode in show["episodes"]
        ],
    }
    for show in COPY["en"]["shows"]
]
PLAYLISTS = [
    {**playlist, "items": [(item["episode"], item["note"]) for item in playlist["items"]]}
    for playlist in COPY["en"]["playlists"]
]


def build_demo(loader):
    home = loader.homes.get("en")
    if home is None:
        return
    library = LibraryIndexPage.objects.child_of(home).first()
    if library is None:
        library = LibraryIndexPageFactory(
            parent=home,
            title=LIBRARY["title"],
            slug=LIBRARY["slug"],
            introduction=LIBRARY["introduction"],
            show_in_menus=True,
        )
        library.save_revision().publish()
        loader.created["library pages"] += 1

    episodes_by_title = {}
    for show_number, show_data in enumerate(SHOWS):
        show = ensure_show(loader, library, show_data)
        for number, episode_data in enumerate(show_data["episodes"], start=1):
            released = date(2026, 9, 1) + timedelta(days=14 * (number - 1) + 7 * show_number)
            episode = ensure_episode(loader, show, number, released, episode_data)
            episodes_by_title[episode.title] = episode

    for playlist_data in PLAYLISTS:
        ensure_playlist(loader, library, playlist_data, episodes_by_title)

    translate_demo(loader, library)


def ensure_show(loader, library, data):
    slug = slugify(data["title"])
    show = PodcastShowPage.objects.child_of(library).filter(slug=slug).first()
    if show:
        ensure_pillar(show, data["pillar"])
        return show
    artwork = CustomImageFactory(
        title=f"{data['title']} artwork",
        file__width=1400,
        file__height=1400,
        file__color=data["colour"],
        file__filename=f"{slug}-artwork.png",
    )
    show = PodcastShowPageFactory(
        parent=library,
        title=data["title"],
        slug=slug,
        introduction=data["introduction"],
        description=data["description"],
        host_names=data["hosts"],
        owner_email="heartandsoul@example.com",
        artwork=artwork,
        pillar=demo_pillar(data["pillar"]),
    )
    show.save_revision().publish()
    loader.created["podcast shows"] += 1
    return show


def ensure_episode(loader, show, number, released, data):
    slug = slugify(data["title"])
    episode = EpisodePage.objects.child_of(show).filter(slug=slug).first()
    if episode:
        return episode
    recording = record(data["script"])
    audio = AudioFileFactory(
        title=data["title"],
        language="en",
        file=ContentFile(recording.mp3, name=f"{slug}.mp3"),
    )
    transcript = TranscriptFactory(
        title=data["title"],
        cues=[
            ("cue", {"start": start, "end": end, "speaker": "", "text": text})
            for start, end, text in recording.cues
        ],
    )
    episode = EpisodePageFactory(
        parent=show,
        title=data["title"],
        slug=slug,
        episode_number=number,
        season_number=1,
        publish_date=released,
        introduction=data["script"][1],
        content_notes=data["content_notes"],
        audio=audio,
        transcript=transcript,
        summary=f"<p>{' '.join(data['script'][1:-1])}</p>",
    )
    episode.topics.set(Topic.objects.filter(locale=show.locale, slug__in=data["topics"]))
    episode.save_revision().publish()
    loader.created["episodes"] += 1
    return episode


def ensure_playlist(loader, library, data, episodes_by_title):
    slug = slugify(data["title"])
    existing = PlaylistPage.objects.child_of(library).filter(slug=slug).first()
    if existing:
        ensure_pillar(existing, data["pillar"])
        return
    playlist = PlaylistPageFactory(
        parent=library,
        title=data["title"],
        slug=slug,
        introduction=data["introduction"],
        pillar=demo_pillar(data["pillar"]),
    )
    for order, (title, note) in enumerate(data["items"]):
        PlaylistItem.objects.create(
            playlist=playlist, episode=episodes_by_title[title], note=note, sort_order=order
        )
    playlist.save_revision().publish()
    loader.created["playlists"] += 1


def demo_pillar(slug):
    """The default-language pillar (pages point at it; readers see its translation)."""
    return Pillar.objects.get(locale__language_code="en", slug=slug)


def ensure_pillar(page, slug):
    """Give a show or playlist from an older demo its pillar, in every language (the field is
    synchronised, so each copy carries the same one), through a published revision."""
    pillar = demo_pillar(slug)
    for version in type(page).objects.filter(
        translation_key=page.translation_key, pillar__isnull=True
    ):
        version.pillar = pillar
        version.save_revision().publish()


# Versions of the library in every other language, the first show, its first episode with its
# transcript, and the "Start here" playlist with its notes. The recording
# stays in English: the episode page says so. Strings not listed keep the English text.
EPISODE_SCRIPT = SHOWS[0]["episodes"][0]["script"]
# The playlist's notes are translated too (each item's note is a segment of the playlist).
START_HERE_NOTES = [note for _title, note in PLAYLISTS[0]["items"] if note]
# Translated in this order (the order the demo has always built them in, so ids stay the same).
TRANSLATION_ORDER = ["sv", "es", "de", "fr", "pt-br"]
TRANSLATIONS = {code: COPY[code]["strings"] for code in TRANSLATION_ORDER}


def translate_demo(loader, library):
    """Idempotent: translate_demo_object leaves an existing translation alone."""
    show = PodcastShowPage.objects.child_of(library).filter(slug=slugify(SHOWS[0]["title"])).first()
    playlist = PlaylistPage.objects.child_of(library).filter(slug="start-here").first()
    if show is None or playlist is None:
        return
    episode = EpisodePage.objects.child_of(show).order_by("path").first()
    for code, strings in TRANSLATIONS.items():
        locale = loader.locales.get(code)
        if locale is None or loader.homes.get(code) is None:
            continue
        # The summary is one paragraph of the script's middle lines.
        summary = " ".join(EPISODE_SCRIPT[1:-1])
        strings = {**strings, summary: " ".join(strings[line] for line in EPISODE_SCRIPT[1:-1])}
        # Parents first: a page is translated under its parent's translation.
        translate_demo_object(library, locale, strings)
        translate_demo_object(show, locale, strings)
        if episode.transcript:
            translate_demo_object(episode.transcript, locale, strings)
        translate_demo_object(episode, locale, strings)
        translate_demo_object(playlist, locale, strings)
