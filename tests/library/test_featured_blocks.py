"""Episodes and playlists featured on campaign pages: translated for the reader, never broken."""

import pytest
from wagtail.models import Locale

from campaigns.factories import CampaignPageFactory
from campaigns.models import CampaignIndexPage
from cms.core.taxonomy import Pillar
from library.factories import EpisodePageFactory
from tests.library.conftest import publish
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")


def campaign_featuring(language, *blocks):
    index = CampaignIndexPage.objects.get(locale__language_code=language)
    page = CampaignPageFactory(
        parent=index,
        slug=f"featuring-{len(blocks)}",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
        body=list(blocks),
        cta_text="",
    )
    return publish(page)


@pytest.mark.django_db
def test_a_featured_episode_shows_its_player_and_content_note(client, employee, episode):
    page = campaign_featuring("en", ("featured_episode", {"episode": episode, "note": ""}))
    client.force_login(employee)
    html = client.get(page.url).content.decode()

    assert 'aria-label="Featured episode"' in html
    assert episode.title in html
    assert f'src="{episode.audio.get_delivery_url()}"' in html
    assert 'preload="none"' in html
    assert "Mentions exhaustion and burnout." in html


@pytest.mark.django_db
def test_readers_get_the_episode_in_their_language(client, employee, episode):
    swedish = Locale.objects.get(language_code="sv")
    show = episode.get_parent().specific
    library = show.get_parent().specific
    if library.get_translation_or_none(swedish) is None:  # the world has a Swedish library
        publish(library.copy_for_translation(swedish))
    publish(show.copy_for_translation(swedish))
    translated = episode.copy_for_translation(swedish)
    translated.title = "Vila är ingen belöning"
    publish(translated)

    page = campaign_featuring("sv", ("featured_episode", {"episode": episode, "note": ""}))
    client.force_login(employee)
    html = client.get(page.url).content.decode()

    assert "Vila är ingen belöning" in html
    assert translated.url in html


@pytest.mark.django_db
def test_an_unpublished_featured_episode_leaves_no_broken_block(client, employee, show):
    hidden = publish(EpisodePageFactory(parent=show, title="Withdrawn episode"))
    page = campaign_featuring("en", ("featured_episode", {"episode": hidden, "note": ""}))
    hidden.unpublish()

    client.force_login(employee)
    response = client.get(page.url)

    assert response.status_code == 200
    assert "Withdrawn episode" not in response.content.decode()
