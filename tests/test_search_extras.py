"""Autocomplete, editors' picks per language, and anonymous query counts that expire."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from cms.core.factories import TopicFactory
from tests.crisis_support import build_crisis_terms
from tests.search_support import make_episode, make_page, make_show

pytestmark = pytest.mark.django_db


def url(name, language="en"):
    with translation.override(language):
        return reverse(name)


def suggest(client, q, language="en"):
    return client.get(url("search_autocomplete", language), {"q": q})


def test_autocomplete_suggests_titles_and_topics(employee_client, site_tree):
    episode = make_episode(make_show(site_tree), "Tortoise pace", "Slow and steady.")
    make_page(site_tree["en"], "Hidden tortoise", "Draft.", live=False)
    TopicFactory(name="Tortoise feelings", slug="tortoise-feelings")
    response = suggest(employee_client, "torto")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    suggestions = response.json()["suggestions"]
    pages = [s for s in suggestions if s["kind"] == "page"]
    topics = [s for s in suggestions if s["kind"] == "topic"]
    assert [s["label"] for s in pages] == ["Tortoise pace"]
    assert pages[0]["url"] == episode.url
    assert [s["label"] for s in topics] == ["Tortoise feelings"]
    assert "topic=tortoise-feelings" in topics[0]["url"]
    # Other languages do not see English titles.
    assert suggest(employee_client, "torto", "sv").json()["suggestions"] == []


@pytest.mark.parametrize("query", ["", "   ", "\"*:&|'", "x" * 10_000])
def test_autocomplete_refuses_bad_input_with_400(employee_client, query):
    response = suggest(employee_client, query)
    assert response.status_code == 400
    assert response.json()["error"]


def test_autocomplete_needs_a_login(client):
    assert suggest(client, "sleep").status_code == 403


def test_editors_picks_show_in_their_language_only(employee_client, site_tree):
    english = make_page(site_tree["en"], "Sleep guide", "Everything about rest.")
    swedish = make_page(site_tree["sv"], "Sömnguide", "Allt om vila.")
    draft = make_page(site_tree["en"], "Draft pick", "Not yet.", live=False)
    query = Query.get("insomnia")
    for sort_order, page in enumerate((english, swedish, draft)):
        SearchPromotion.objects.create(query=query, page=page, sort_order=sort_order)

    html = employee_client.get(url("search"), {"q": "Insomnia"}).content.decode()
    assert 'data-promotion><a href="' + english.url in html
    assert "Sömnguide" not in html
    assert "Draft pick" not in html

    swedish_html = employee_client.get(url("search", "sv"), {"q": "insomnia"}).content.decode()
    assert "Sömnguide" in swedish_html
    assert "Sleep guide" not in swedish_html


def test_searches_are_counted_anonymously(employee_client):
    employee_client.get(url("search"), {"q": "Gentle   Mornings"})
    employee_client.get(url("search"), {"q": "gentle mornings"})
    query = Query.objects.get(query_string="gentle mornings")
    assert query.hits == 2
    # Nothing in the stored rows says who searched.
    stored_fields = {f.name for f in Query._meta.get_fields()} | {
        f.name for f in QueryDailyHits._meta.get_fields()
    }
    assert not stored_fields & {"user", "session", "ip", "user_agent"}


def test_crisis_searches_are_not_counted(employee_client):
    build_crisis_terms()
    employee_client.get(url("search"), {"q": "I want to die"})
    assert not Query.objects.filter(query_string__contains="die").exists()


def test_purge_deletes_counts_older_than_the_retention(settings):
    settings.SEARCH_QUERY_RETENTION_DAYS = 30
    today = timezone.localdate()
    old = Query.get("old worry")
    old.add_hit(date=today - datetime.timedelta(days=31))
    recent = Query.get("recent worry")
    recent.add_hit(date=today - datetime.timedelta(days=29))
    mixed = Query.get("mixed worry")
    mixed.add_hit(date=today - datetime.timedelta(days=40))
    mixed.add_hit(date=today)

    call_command("purge_search_queries", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert not Query.objects.filter(query_string="old worry").exists()
    assert Query.objects.get(query_string="recent worry").hits == 1
    assert Query.objects.get(query_string="mixed worry").hits == 1


def test_purge_keeps_queries_with_editors_picks(site_tree):
    page = make_page(site_tree["en"], "Kept pick", "Kept.")
    query = Query.get("kept pick")
    SearchPromotion.objects.create(query=query, page=page)
    query.add_hit(date=timezone.localdate() - datetime.timedelta(days=90))
    call_command("purge_search_queries", "--days", "7", stdout=open("/dev/null", "w"))  # noqa: SIM115
    query.refresh_from_db()
    assert query.hits == 0
    assert SearchPromotion.objects.filter(query=query).exists()


def test_purge_refuses_negative_days():
    with pytest.raises(CommandError):
        call_command("purge_search_queries", "--days", "-1")


def test_retention_defaults_to_30_days():
    from django.conf import settings

    assert settings.SEARCH_QUERY_RETENTION_DAYS == 30


def test_picks_match_what_editors_typed_with_punctuation(employee_client, site_tree):
    page = make_page(site_tree["en"], "Sleep routines", "Wind down.")
    SearchPromotion.objects.create(query=Query.get("Can't sleep"), page=page, sort_order=0)
    html = employee_client.get(url("search"), {"q": "can't  SLEEP"}).content.decode()
    assert 'data-promotion><a href="' + page.url in html
