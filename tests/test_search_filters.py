"""Search filters with counts (facets), and an index that follows publishing."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import Locale

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from campaigns.models import CampaignIndexPage, CampaignTopic
from cms.core.factories import PillarFactory, TopicFactory
from tests.search_support import make_episode, make_page, make_show, publish

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get(reverse("search"), {"q": q, **params})


def titles(response):
    return sorted(result.title for result in response.context["results"])


def facet(response, name):
    return {value.value: value.count for value in getattr(response.context["facets"], name)}


@pytest.fixture
def corpus(site_tree):
    """Three episodes (5, 20 and 45 minutes), a campaign and a standard page, all about
    "quokka"; topics on two episodes and the campaign."""
    show = make_show(site_tree)
    sleep = TopicFactory(name="Quokka sleep", slug="quokka-sleep")
    grief = TopicFactory(name="Quokka grief", slug="quokka-grief")
    pillar = PillarFactory(title="Quokka pillar", slug="quokka-pillar")

    def episode(title, minutes, topics):
        page = make_episode(show, title, f"We talk about the quokka, {title}.", live=False)
        page.audio.duration_seconds = minutes * 60
        page.audio.save()
        page.topics.set(topics)
        return publish(page)

    episode("Short quokka", 5, [sleep])
    episode("Middle quokka", 20, [sleep, grief])
    episode("Long quokka", 45, [])
    english = Locale.objects.get(language_code="en")
    index = CampaignIndexPage.objects.filter(locale=english).first() or publish(
        CampaignIndexPageFactory(parent=site_tree["en"])
    )
    campaign = CampaignPageFactory(
        parent=index, title="Quokka month", slug=slugify("Quokka month"), pillar=pillar
    )
    CampaignTopic.objects.create(page=campaign, topic=grief)
    publish(campaign)
    make_page(site_tree["en"], "Quokka notes", "Quokka notes for everyone.")


def test_counts_per_filter_value(employee_client, corpus):
    response = search(employee_client, "quokka")
    assert response.context["result_count"] == 5
    assert facet(response, "content_type") == {
        "library.episodepage": 3,
        "campaigns.campaignpage": 1,
        "core.standardpage": 1,
    }
    assert facet(response, "topic") == {"quokka-sleep": 2, "quokka-grief": 2}
    assert facet(response, "pillar") == {"quokka-pillar": 1}
    assert facet(response, "duration") == {"short": 1, "medium": 1, "long": 1}
    html = response.content.decode()
    assert 'Quokka sleep <span class="search-filters__count">(2)</span>' in html


def test_filtering_by_type_topic_pillar_and_duration(employee_client, corpus):
    by_type = search(employee_client, "quokka", type="library.episodepage")
    assert titles(by_type) == ["Long quokka", "Middle quokka", "Short quokka"]
    # Other facets are counted within the chosen type.
    assert facet(by_type, "topic") == {"quokka-sleep": 2, "quokka-grief": 1}
    assert facet(by_type, "content_type")["campaigns.campaignpage"] == 1

    assert titles(search(employee_client, "quokka", topic="quokka-grief")) == [
        "Middle quokka",
        "Quokka month",
    ]
    assert titles(search(employee_client, "quokka", pillar="quokka-pillar")) == ["Quokka month"]
    assert titles(search(employee_client, "quokka", duration="short")) == ["Short quokka"]
    assert titles(search(employee_client, "quokka", duration="long")) == ["Long quokka"]
    both = search(employee_client, "quokka", topic="quokka-sleep", duration="medium")
    assert titles(both) == ["Middle quokka"]


def test_one_link_clears_every_filter_and_keeps_the_words(employee_client, corpus):
    both = search(employee_client, "quokka", topic="quokka-sleep", duration="medium")
    assert both.context["clear_filters_url"] == "?q=quokka"
    assert 'href="?q=quokka" data-clear-filters' in both.content.decode()
    cleared = employee_client.get(reverse("search") + both.context["clear_filters_url"])
    assert cleared.context["result_count"] == 5
    assert "data-clear-filters" not in search(employee_client, "quokka").content.decode()


def test_unknown_filter_values(employee_client, corpus):
    assert search(employee_client, "quokka", type="nope.nothing").context["result_count"] == 0
    assert search(employee_client, "quokka", topic="nothing").context["result_count"] == 0
    # An unknown duration band is ignored.
    assert search(employee_client, "quokka", duration="forever").context["result_count"] == 5


def test_publish_unpublish_and_delete_show_in_results_at_once(employee_client, site_tree):
    page = make_page(site_tree["en"], "Axolotl calm", "Axolotl breathing.", live=False)
    assert search(employee_client, "axolotl").context["result_count"] == 0

    publish(page)
    assert titles(search(employee_client, "axolotl")) == ["Axolotl calm"]

    page.introduction = "Now about wombat breathing."
    publish(page)
    assert titles(search(employee_client, "wombat")) == ["Axolotl calm"]

    page.unpublish()
    assert search(employee_client, "axolotl").context["result_count"] == 0

    publish(page)
    assert search(employee_client, "axolotl").context["result_count"] == 1
    page.delete()
    assert search(employee_client, "axolotl").context["result_count"] == 0


def test_an_edited_transcript_is_searchable_at_once(employee_client, site_tree):
    episode = make_episode(make_show(site_tree), "Edited", "We mention a pangolin.")
    assert titles(search(employee_client, "pangolin")) == ["Edited"]
    transcript = episode.transcript
    transcript.cues = [("cue", {"start": 0, "end": 5, "speaker": "", "text": "A narwhal now."})]
    transcript.save()
    assert titles(search(employee_client, "narwhal")) == ["Edited"]
    assert search(employee_client, "pangolin").context["result_count"] == 0
