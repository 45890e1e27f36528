"""Helpers shared by the search tests."""

from django.utils.text import slugify
from wagtail.models import Locale

from cms.core.factories import StandardPageFactory
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from library.models import LibraryIndexPage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def cues(*texts, step=30.0):
    return [
        ("cue", {"start": index * step, "end": (index + 1) * step, "speaker": "", "text": text})
        for index, text in enumerate(texts)
    ]


def make_show(site_tree):
    english = Locale.objects.get(language_code="en")
    library = LibraryIndexPage.objects.filter(locale=english).first() or publish(
        LibraryIndexPageFactory(parent=site_tree["en"], slug="test-library")
    )
    return publish(PodcastShowPageFactory(parent=library, title="Search Corner"))


def make_episode(show, title, *texts, seconds=300.0, live=True, **kwargs):
    episode = EpisodePageFactory(
        parent=show,
        title=title,
        slug=slugify(title),
        audio=AudioFileFactory(title=title),
        transcript=TranscriptFactory(title=title, cues=cues(*texts)),
        live=live,
        **kwargs,
    )
    episode.audio.duration_seconds = seconds
    episode.audio.save()
    return publish(episode) if live else episode


def make_page(parent, title, introduction, live=True):
    page = StandardPageFactory(
        parent=parent, title=title, slug=slugify(title), introduction=introduction, live=live
    )
    return publish(page) if live else page
