"""Site search: transcripts, locale isolation, privacy, pagination, bad input."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from tests.search_support import make_episode, make_page, make_show

pytestmark = pytest.mark.django_db


@pytest.fixture
def show(site_tree):
    return make_show(site_tree)


def search_url(language="en"):
    with translation.override(language):
        return reverse("search")


def search(client, q, language="en", **params):
    return client.get(search_url(language), {"q": q, **params})


def titles(response):
    return [result.title for result in response.context["results"]]


def test_search_page_exists_in_every_language(employee_client):
    for language in ("en", "sv", "de", "es", "fr", "pt-br"):
        url = search_url(language)
        assert url == f"/{language}/search/"
        assert employee_client.get(url).status_code == 200


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(search_url(), {"q": "sleep"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_phrase_spoken_in_an_episode_finds_it_and_links_to_the_moment(employee_client, show):
    episode = make_episode(
        show,
        "Evenings",
        "Welcome back to the show.",
        "Some nights I lie awake counting marmalade sheep.",
        "Then we talk about routines.",
    )
    response = search(employee_client, "marmalade sheep")
    assert response.status_code == 200
    assert titles(response) == ["Evenings"]
    hit = response.context["results"][0].transcript
    assert hit.seconds == 30
    html = response.content.decode()
    assert f'href="{episode.url}#t=30"' in html
    assert "<mark>marmalade</mark>" in html
    assert "0:30" in html


def test_the_episode_is_found_by_its_own_language_transcript(employee_client, show):
    """A translated transcript is what the translated episode is found by."""
    from library.models import EpisodePage

    episode = make_episode(show, "Quiet", "We discuss the quince garden.")
    swedish_transcript = episode.transcript.copy_for_translation(
        Locale.objects.get(language_code="sv")
    )
    swedish_transcript.cues = [
        (
            "cue",
            {"start": 12.0, "end": 20.0, "speaker": "", "text": "Vi pratar om kvittenträdgården."},
        )
    ]
    swedish_transcript.save()
    swedish_show = show.copy_for_translation(swedish_transcript.locale, copy_parents=True)
    swedish_show.save_revision().publish()
    swedish = episode.copy_for_translation(swedish_transcript.locale)
    swedish.save_revision().publish()
    swedish = EpisodePage.objects.get(pk=swedish.pk)
    assert swedish.display_transcript == swedish_transcript

    assert titles(search(employee_client, "kvittenträdgården", "sv")) == [swedish.title]
    assert search(employee_client, "quince", "sv").context["result_count"] == 0
    assert titles(search(employee_client, "quince", "en")) == ["Quiet"]


def test_results_are_only_in_the_active_language(employee_client, site_tree):
    english = make_page(site_tree["en"], "Gooseberry evenings", "About gooseberry jam.")
    make_page(site_tree["sv"], "Krusbärskvällar", "Om gooseberry sylt.")
    german = english.copy_for_translation(Locale.objects.get(language_code="de"))
    german.title = "Stachelbeerabende"
    german.save_revision().publish()
    # A Swedish-only page never shows in English.
    assert titles(search(employee_client, "gooseberry", "en")) == ["Gooseberry evenings"]
    # German has its own translation: the English one is not listed as well.
    assert titles(search(employee_client, "stachelbeerabende", "de")) == ["Stachelbeerabende"]
    assert titles(search(employee_client, "gooseberry", "de")) == ["Stachelbeerabende"]


def test_untranslated_default_language_pages_are_listed_and_marked(employee_client, site_tree):
    make_page(site_tree["en"], "Gooseberry evenings", "About gooseberry jam.")
    make_page(site_tree["sv"], "Krusbärskvällar", "Om gooseberry sylt.")
    response = search(employee_client, "gooseberry", "sv")
    assert sorted(titles(response)) == ["Gooseberry evenings", "Krusbärskvällar"]
    marked = [r.title for r in response.context["results"] if r.other_language]
    assert marked == ["Gooseberry evenings"]
    html = response.content.decode()
    assert '<h2 lang="en"><a href="/en/gooseberry-evenings/">' in html
    assert html.count("data-other-language") == 1


def test_drafts_are_never_found(employee_client, site_tree):
    make_page(site_tree["en"], "Unpublished walrus", "A walrus draft.", live=False)
    assert search(employee_client, "walrus").context["result_count"] == 0


def test_group_restricted_pages_only_for_their_group(client, site_tree, role_users):
    page = make_page(site_tree["en"], "Managers' platypus guide", "Platypus notes.")
    managers = Group.objects.create(name="Search test managers")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(managers)
    employee = role_users["Employees"]

    client.force_login(employee)
    assert search(client, "platypus").context["result_count"] == 0

    employee.groups.add(managers)
    assert titles(search(client, "platypus")) == ["Managers' platypus guide"]


def test_results_count_and_pagination_past_the_end(employee_client, site_tree):
    for number in range(12):
        make_page(site_tree["en"], f"Rhubarb note {number}", "Rhubarb thoughts.")
    response = search(employee_client, "rhubarb")
    assert response.context["result_count"] == 12
    assert len(response.context["results"]) == 10
    assert "12 results" in response.content.decode()

    last = search(employee_client, "rhubarb", page="999")
    assert last.status_code == 200
    assert last.context["page_obj"].number == 2
    assert len(last.context["results"]) == 2
    for bad in ("-1", "abc", "0", "1e9", ""):
        assert search(employee_client, "rhubarb", page=bad).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "\"*:&|'",
        'rhubarb" OR *',
        "NEAR(a b)",
        "a:b",
        "'; DROP TABLE x; --",
    ],
)
def test_bad_input_answers_200(employee_client, query):
    response = search(employee_client, query)
    assert response.status_code == 200


def test_unknown_filter_values_answer_200(employee_client, site_tree):
    make_page(site_tree["en"], "Damson note", "Damson.")
    for params in ({"type": "nope.nothing"}, {"type": "x"}, {"topic": "zzz"}, {"duration": "x"}):
        response = search(employee_client, "damson", **params)
        assert response.status_code == 200


def test_the_header_has_a_plain_search_form(employee_client, site_tree):
    html = employee_client.get(site_tree["en"].url).content.decode()
    form = re.search(r'<form method="get" action="/en/search/"[^>]*data-site-search', html)
    assert form
    assert 'name="q"' in html


def test_episodes_are_found_by_their_topics_and_show(employee_client, site_tree):
    from cms.core.factories import TopicFactory
    from tests.search_support import publish

    show = make_show(site_tree)
    show.title = "Persimmon hour"
    publish(show)
    episode = make_episode(show, "Tuesday talk", "Nothing special is said.", live=False)
    episode.topics.set([TopicFactory(name="Marzipan worries", slug="marzipan-worries")])
    publish(episode)
    assert titles(search(employee_client, "marzipan")) == ["Tuesday talk"]
    assert "Tuesday talk" in titles(search(employee_client, "persimmon"))


def test_a_heading_is_found_by_its_words_not_by_its_level_label(employee_client, site_tree):
    """Wagtail indexes a choice's label by default: every page with a heading would match
    "section heading" (and its translations), and snippets would show the label."""
    page = make_page(site_tree["en"], "Rest notes", "About rest.")
    page.body = [("heading", {"text": "Hummingbird rituals before bed", "level": "h2"})]
    page.save_revision().publish()

    assert titles(search(employee_client, "hummingbird rituals")) == ["Rest notes"]
    assert titles(search(employee_client, "section heading")) == []


def test_short_words_do_not_pick_the_moment_or_light_up_the_excerpt(employee_client, show):
    """ "I need to hibernate": the transcript moment is where "hibernate" is said, not the
    first line with "to" in it, and the excerpt marks the words that matter."""
    episode = make_episode(
        show,
        "Quiet hours",
        "Welcome to the show, it is good to have you.",
        "Tonight: why some of us want to hibernate under stress.",
    )
    response = search(employee_client, "I need to hibernate")
    (result,) = [r for r in response.context["results"] if r.title == "Quiet hours"]
    assert result.transcript.seconds == 30
    html = response.content.decode()
    assert f'href="{episode.url}#t=30"' in html
    assert "<mark>hibernate</mark>" in html
    assert "<mark>to</mark>" not in html and "<mark>it</mark>" not in html


def test_an_excerpt_does_not_repeat_the_introduction(employee_client, site_tree):
    page = make_page(site_tree["en"], "Kindness", "Small kindnesses add up.")
    page.body = [("paragraph", "<p>Small kindnesses add up. Say hello to a new colleague.</p>")]
    page.save_revision().publish()

    snippet = search(employee_client, "kindnesses").context["results"][0].snippet
    assert snippet.count("kindnesses") == 1, snippet
    assert "Say hello" in snippet


def test_an_excerpt_keeps_a_heading_that_its_paragraph_repeats(employee_client, site_tree):
    page = make_page(site_tree["en"], "Gardening", "Growing things at lunchtime.")
    page.body = [
        ("heading", {"text": "Allotments", "level": "h2"}),
        ("paragraph", "<p>Allotments near the office have space for new growers.</p>"),
    ]
    page.save_revision().publish()

    snippet = search(employee_client, "allotments").context["results"][0].snippet
    assert snippet.count("Allotments") == 2, snippet


@pytest.fixture
def pages_with_every_kind_of_block(site_tree):
    """A listener's pages, with a campaign story that has a figure, a featured episode, a
    featured playlist, a quote and text; a standard page with a figure; chapters on the
    episode."""
    from cms.core.factories import CustomImageFactory, StandardPageFactory
    from tests.trees import build_listener_pages, published

    pages = build_listener_pages(site_tree["en"])
    image = CustomImageFactory(title="Harbour at dusk")
    pages.campaign.body = [
        ("heading", {"text": "Starting the conversation", "level": "h2"}),
        ("paragraph", "<p>Ask a colleague <b>how they really are</b>, and listen.</p>"),
        ("figure", {"image": image, "caption": "The harbour where we walk at lunch."}),
        ("featured_episode", {"episode": pages.episode, "note": "Our first episode on rest."}),
        ("featured_playlist", {"playlist": pages.playlist, "note": "For the evening."}),
        ("quote", {"quote": "It got easier after that.", "attribution": "A colleague"}),
    ]
    published(pages.campaign)
    pages.episode.chapters = [
        ("chapter", {"start": "0:00", "title": "Welcome"}),
        ("chapter", {"start": "1:30", "title": "Saying no"}),
    ]
    published(pages.episode)
    published(
        StandardPageFactory(
            parent=site_tree["en"],
            title="Walking meetings",
            body=[
                ("figure", {"image": image, "caption": ""}),
                ("paragraph", "<p>Take the call outside.</p>"),
            ],
        )
    )
    return pages


def test_excerpts_read_stream_fields_as_wagtail_indexes_them_without_a_query(
    pages_with_every_kind_of_block,
):
    """The excerpt's text comes from the stream data as stored, so results with images,
    documents or featured episodes load none of them; the text is what Wagtail's own
    `get_searchable_content` gives for the same value, on every page with stream fields."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.blocks import StreamValue
    from wagtail.models import Page

    from search.query import stored_searchable_content

    checked = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        for name in ("summary", "description", "body", "chapters"):
            stored_value = getattr(page, name, None)
            if not isinstance(stored_value, StreamValue) or not stored_value:
                continue
            block = stored_value.stream_block
            with CaptureQueriesContext(connection) as context:
                text = stored_searchable_content(block, stored_value.raw_data)
            assert context.captured_queries == []
            assert text == block.get_searchable_content(stored_value), (page, name)
            checked.update(type(child.block).__name__ for child in stored_value)
    # Chooser blocks (a figure's image, a featured episode) and text blocks were among them.
    assert {"FigureBlock", "FeaturedEpisodeBlock", "RichTextBlock"} <= checked, checked
