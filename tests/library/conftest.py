import pytest
from wagtail.models import Locale

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


@pytest.fixture
def library_index(site_tree):
    english = Locale.objects.get(language_code="en")
    existing = LibraryIndexPage.objects.filter(locale=english).first()
    return existing or publish(LibraryIndexPageFactory(parent=site_tree["en"], slug="test-library"))


@pytest.fixture
def show(library_index):
    return publish(PodcastShowPageFactory(parent=library_index, title="Calm Corner"))


@pytest.fixture
def episode(show):
    return publish(
        EpisodePageFactory(
            parent=show,
            title="Rest is not a reward",
            content_notes="Mentions exhaustion and burnout.",
            audio=AudioFileFactory(title="Rest is not a reward"),
            transcript=TranscriptFactory(title="Rest is not a reward"),
        )
    )


@pytest.fixture
def admin_user(role_users):
    return role_users["Administrators"]
