"""Each topic (and pillar) has its own listing: the search page with the topic chosen and no
words typed. Topics on episodes, playlists and campaigns link there, in the reader's language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cms.core.factories import PillarFactory, TopicFactory
from library.models import EpisodePage
from search import query as search_query
from tests.search_support import make_episode, make_page, make_show, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def anxiety_tree(site_tree):
    """The topic "anxiety" (translated into Swedish) on two English episodes, one of them
    translated into Swedish through wagtail-localize; an episode on another topic; campaigns of
    the "awareness" pillar, one about anxiety with a featured episode in its story."""
    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
    from campaigns.models import CampaignTopic
    from cms.core.demo import translate_demo_object

    swedish = site_tree["sv"].locale
    anxiety = TopicFactory(name="Anxiety", slug="anxiety")
    translate_demo_object(anxiety, swedish, {"Anxiety": "Ångest"})
    sleep = TopicFactory(name="Sleep", slug="sleep")
    show = make_show(site_tree)
    show.title, show.slug = "Worry less", "worry-less"  # the tests' own show keeps its name
    publish(show)
    talk = make_episode(show, "Why we don't talk about it", "On silence.", live=False)
    talk.topics.set([anxiety])
    publish(talk)
    five = make_episode(show, "Five minutes for yourself", "A pause.", live=False)
    five.topics.set([anxiety])
    publish(five)
    night = make_episode(show, "A better night's sleep", "On rest.", live=False)
    night.topics.set([sleep])
    publish(night)
    for source, translated in (
        (show.get_parent().specific, {}),
        (show, {}),
        (talk.transcript, {"On silence.": "Om tystnad."}),
        (talk, {"Why we don't talk about it": "Därför pratar vi inte om det"}),
    ):
        translate_demo_object(source, swedish, translated)

    awareness = PillarFactory(title="Raise awareness", slug="awareness")
    other_pillar = PillarFactory(title="Self-care", slug="self-care")
    campaigns = publish(CampaignIndexPageFactory(parent=site_tree["en"]))
    about_anxiety = CampaignPageFactory(
        parent=campaigns, title="Anxiety awareness week", pillar=awareness
    )
    about_anxiety.topic_links.add(CampaignTopic(topic=anxiety))
    about_anxiety.body = [
        ("featured_episode", {"episode": talk, "note": "Start here."}),
        ("featured_episode", {"episode": five, "note": ""}),
    ]
    publish(about_anxiety)
    publish(CampaignPageFactory(parent=campaigns, title="Stress talks", pillar=awareness))
    publish(CampaignPageFactory(parent=campaigns, title="Self-care month", pillar=other_pillar))
    return anxiety


# Issue #12's goal for a results page (tests/test_query_counts.py).
SEARCH_PAGE_QUERY_BUDGET = 20


def browse(client, language="en", **params):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def listed(response):
    return [(result.title, result.other_language) for result in response.context["results"]]


def test_a_topic_lists_its_pages_in_the_readers_language(employee_client, anxiety_tree):
    response = browse(employee_client, "sv", topic="anxiety")
    shown = listed(response)
    # The Swedish translation stands for its source; the untranslated episode is marked.
    assert ("Därför pratar vi inte om det", False) in shown
    assert ("Why we don't talk about it", True) not in shown
    assert ("Five minutes for yourself", True) in shown
    assert all(title != "A better night's sleep" for title, _other in shown)  # another topic
    html = response.content.decode()
    swedish_name = response.context["browsing"].name
    assert response.context["browsing"].locale.language_code == "sv"
    assert f"<h1>Ämne: {swedish_name}</h1>" in html


def test_topic_listing_is_newest_first_and_leaves_out_drafts(employee_client, site_tree):
    topic = TopicFactory(name="Wallaby walks", slug="wallaby-walks")
    show = make_show(site_tree)
    older = make_episode(show, "Older wallaby", "One.", live=False)
    older.topics.set([topic])
    publish(older)
    newer = make_episode(show, "Newer wallaby", "Two.", live=False)
    newer.topics.set([topic])
    publish(newer)
    draft = make_episode(show, "Draft wallaby", "Three.", live=False)
    draft.topics.set([topic])
    draft.save_revision()
    response = browse(employee_client, topic="wallaby-walks")
    assert listed(response) == [("Newer wallaby", False), ("Older wallaby", False)]
    assert response.context["result_count"] == 2
    assert "<h1>Topic: Wallaby walks</h1>" in response.content.decode()


def test_a_pillar_lists_its_campaigns(employee_client, anxiety_tree):
    response = browse(employee_client, pillar="awareness")
    assert response.context["browsing"].slug == "awareness"
    kinds = {result.page.specific_class.__name__ for result in response.context["results"]}
    assert kinds == {"CampaignPage"}
    shown = {title for title, _other in listed(response)}
    assert shown == {"Anxiety awareness week", "Stress talks"}  # not another pillar's


def test_unknown_topic_or_nothing_chosen_shows_the_plain_search_page(employee_client):
    for params in ({"topic": "no-such-topic"}, {"pillar": "'; drop table"}, {}):
        response = browse(employee_client, **params)
        assert response.context["browsing"] is None
        assert response.context["results"] == []
        assert "data-result-count" not in response.content.decode()


def test_pages_link_their_topics_to_the_topic_listing(employee_client, anxiety_tree):
    episode = EpisodePage.objects.live().get(title="Därför pratar vi inte om det")
    html = employee_client.get(episode.url).content.decode()
    swedish = TopicFactory._meta.model.objects.get(slug="anxiety", locale__language_code="sv")
    assert f'<a href="/sv/search/?topic=anxiety">{swedish.name}</a>' in html


def test_more_matches_than_are_counted_is_said(employee_client, site_tree, monkeypatch):
    for number in range(3):
        make_page(site_tree["en"], f"Kookaburra {number}", "Kookaburra laughs.")
    monkeypatch.setattr(search_query.matching, "MAX_MATCHES", 2)
    response = employee_client.get(reverse("search"), {"q": "kookaburra"})
    assert response.context["more_results"] is True
    assert "add a word or choose a filter" in response.content.decode()


def test_a_new_pillar_without_pages_lists_nothing(employee_client):
    PillarFactory(title="Quiet pillar", slug="quiet-pillar")
    response = browse(employee_client, pillar="quiet-pillar")
    assert listed(response) == []
    assert response.context["result_count"] == 0


def search_queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), len(response.context["results"])


def test_search_queries_do_not_grow_with_the_results_shown(
    employee_client, site_tree, anxiety_tree
):
    show = make_show(site_tree)

    def add_episodes(start, count):
        for number in range(start, start + count):
            make_episode(show, f"Dingo {number}", f"The dingo talks, part {number}.")

    url = reverse("search")
    add_episodes(0, 2)
    employee_client.get(url, {"q": "dingo"})  # warm the site-root cache
    with_two, shown = search_queries(employee_client, url, {"q": "dingo"})
    assert shown == 2
    add_episodes(2, 8)
    with_ten, shown = search_queries(employee_client, url, {"q": "dingo"})
    assert shown == 10
    assert with_ten == with_two
    assert with_two <= SEARCH_PAGE_QUERY_BUDGET

    # The anxiety topic lists a campaign with featured-episode blocks too.
    on_topic, shown = search_queries(employee_client, url, {"topic": "anxiety"})
    assert shown == 3
    assert on_topic <= SEARCH_PAGE_QUERY_BUDGET
