"""Shared by the feed tests: a show with artwork and two episodes, its feed, and readers."""

from datetime import datetime
from urllib.parse import urlsplit

import factory
import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from lxml import etree

from cms.core.factories import CustomImageFactory
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from library.models import PodcastFeedToken

from .conftest import publish

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
}


def feed_path(show, token=None):
    return f"/feeds/{token}/shows/{show.pk}.rss" if token else f"/feeds/shows/{show.pk}.rss"


# Full keys issued in this test run, by their hash: the database keeps only the hash.
issued_keys = {}


def token_for(user):
    """The user's full feed key: issued once and remembered while the stored hash is the same
    (a reset elsewhere makes this issue a new one)."""
    token = PodcastFeedToken.objects.filter(user=user).first()
    if token and token.key_hash in issued_keys:
        return issued_keys[token.key_hash]
    key = PodcastFeedToken.issue(user)
    issued_keys[PodcastFeedToken.hash_key(key)] = key
    return key


def fetch(client, show, token=None):
    return client.get(feed_path(show, token))


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return etree.fromstring(response.content)


def one(element, path):
    found = element.findall(path, NS)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return found[0]


def items_by_title(rss):
    return {item.findtext("title"): item for item in rss.iterfind("channel/item")}


def local_url(url):
    """The path and query of an absolute URL in the feed, for the test client."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "testserver", url
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def artwork():
    # Wagtail caches renditions by image id; ids come round again after a rolled-back test.
    caches["renditions" if "renditions" in settings.CACHES else "default"].clear()
    return CustomImageFactory(
        title="Calm Corner artwork",
        file=factory.django.ImageField(width=2400, height=2400, color="#2f4f8a"),
    )


@pytest.fixture
def podcast(library_index, artwork):
    """A show with artwork and two episodes: one with timed cues, one with a typed transcript."""
    show = publish(
        PodcastShowPageFactory(
            parent=library_index,
            title="Calm Corner",
            description="Short conversations about rest & recovery.",
            host_names="Sam Lee",
            owner_name="Heart & Soul team",
            owner_email="calm@example.com",
            artwork=artwork,
        )
    )
    first = publish(
        EpisodePageFactory(
            parent=show,
            title="Rest is not a reward",
            slug="rest-is-not-a-reward",
            episode_number=1,
            publish_date=datetime(2026, 3, 2).date(),
            audio=AudioFileFactory(title="Rest is not a reward"),
            transcript=TranscriptFactory(title="Rest is not a reward"),
        )
    )
    second = publish(
        EpisodePageFactory(
            parent=show,
            title="Asking for help",
            slug="asking-for-help",
            episode_number=2,
            publish_date=datetime(2026, 3, 9).date(),
            audio=AudioFileFactory(title="Asking for help"),
            transcript=TranscriptFactory(
                title="Asking for help", cues=[], text="Asking is a strength.\nSo is listening."
            ),
        )
    )
    return {"show": show, "first": first, "second": second}


@pytest.fixture
def feed(client, podcast, employee):
    return parse(fetch(client, podcast["show"], token_for(employee)))
