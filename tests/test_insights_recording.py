"""Insights recording: the schema, the beacon, the rollup, retention and the employees' page."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from cms.core.factories import UserFactory
from cms.insights import recording
from cms.insights.models import AnonymousCount, DaySalt, LocaleDay, PageDay, PendingEvent
from cms.insights.rollup import purge, rollup
from tests import insights_support
from tests.crisis_support import build_crisis_terms
from tests.insights_support import YESTERDAY
from tests.trees import build_listener_pages

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/insights_support.py), found here by pytest.
clean = insights_support.clean


def beacon(client, event, page_id):
    return client.post("/insights/event/", {"event": event, "page": str(page_id)})


# --- Schema ---------------------------------------------------------------------------------

FORBIDDEN = re.compile(r"user|session|ip|addr|agent|token|email|cookie|device", re.IGNORECASE)


def test_no_insights_table_has_a_user_address_session_or_time_of_day():
    insights_models = list(apps.get_app_config("insights").get_models())
    assert {m.__name__ for m in insights_models} >= {
        "PageDay",
        "PendingEvent",
        "AnonymousCount",
        "PageGroupDay",  # the breakdown by organisational group
        "PendingGroupEvent",
    }
    for model in insights_models:
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, model._meta.db_table)
        names = [column.name for column in columns]
        assert not [name for name in names if FORBIDDEN.search(name)], (model, names)
        for field in model._meta.get_fields():
            # Days only: no timestamp finer than the day, no link to a person.
            assert not isinstance(field, models.DateTimeField | models.TimeField), field
            assert not (field.is_relation and field.related_model is not None), field


# --- Recording ------------------------------------------------------------------------------


def test_a_page_view_is_one_upsert_and_keeps_only_a_salted_hash(clean, employee_client, employee):
    home = Page.objects.get(depth=2, locale__language_code="en")
    with CaptureQueriesContext(connection) as queries:
        assert beacon(employee_client, "view", home.pk).status_code == 204
    writes = [q["sql"] for q in queries if "insights_pendingevent" in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("INSERT")
    assert beacon(employee_client, "view", home.pk).status_code == 204
    row = PendingEvent.objects.get()
    assert (row.metric, row.page_id, row.events) == ("views", home.pk, 2)
    assert str(employee.pk) != row.listener_hash and len(row.listener_hash) == 32
    other = Client()
    other.force_login(UserFactory(username="insights-other"))
    beacon(other, "view", home.pk)
    assert PendingEvent.objects.count() == 2  # two people, one cell


def test_listening_milestones_are_counted_for_episodes_only(clean, employee_client, site_tree):
    episode = build_listener_pages(site_tree["en"]).episode
    home = Page.objects.get(depth=2, locale__language_code="en")
    for event in ("start", "25", "50", "75", "100"):
        assert beacon(employee_client, event, episode.pk).status_code == 204
    assert set(PendingEvent.objects.values_list("metric", flat=True)) == {
        "starts",
        "reached_25",
        "reached_50",
        "reached_75",
        "completions",
    }
    response = beacon(employee_client, "start", home.pk)
    assert response.status_code == 400
    assert PendingEvent.objects.filter(page_id=home.pk).count() == 0


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"event": "view", "page": "abc"}, 400),
        ({"event": "view", "page": "9" * 40}, 400),
        ({"event": "snoop", "page": "1"}, 400),
        ({"event": "view", "page": "999999999"}, 404),
        ({"event": "view"}, 400),
    ],
)
def test_bad_beacons_are_refused_and_write_nothing(clean, employee_client, data, status):
    response = employee_client.post("/insights/event/", data)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert not PendingEvent.objects.exists()


def test_the_beacon_needs_a_login_a_post_and_the_csrf_token(clean, employee):
    home = Page.objects.get(depth=2, locale__language_code="en")
    assert beacon(Client(), "view", home.pk).status_code == 401
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(employee)
    assert beacon(strict, "view", home.pk).status_code == 403
    assert strict.get("/insights/event/").status_code == 405
    assert not PendingEvent.objects.exists()


def test_rendering_a_page_runs_no_insights_query(employee_client, site_tree):
    with CaptureQueriesContext(connection) as queries:
        response = employee_client.get(site_tree["en"].url)
    assert response.status_code == 200
    assert 'src="/static/insights/insights.js"' in response.content.decode()
    assert not [q for q in queries if "insights_" in q["sql"]]


def test_searches_are_counted_without_anyone_and_crisis_apart_from_words(
    clean, employee_client, site_tree
):
    # Something to find for "Sleep" (an episode and its topic), and the crisis terms.
    build_listener_pages(site_tree["en"])
    build_crisis_terms()
    employee_client.get("/en/search/", {"q": "Sleep"})
    employee_client.get("/en/search/", {"q": "zebrafinch"})
    employee_client.get("/en/search/", {"q": "I want to die"})
    rows = {(r.kind, r.term): r for r in AnonymousCount.objects.all()}
    assert rows[("search", "sleep")].zero_results == 0
    assert rows[("search", "zebrafinch")].zero_results == 1
    assert rows[("crisis_panel", "")].count == 1
    assert not [term for _kind, term in rows if "die" in term]


# --- Rollup ---------------------------------------------------------------------------------


def test_rollup_counts_distinct_people_then_forgets_hashes_and_salt(clean, site_tree):
    en = Locale.objects.get(language_code="en")
    big, small = site_tree["en"], site_tree["sv"]
    for user_id in range(1, 13):
        recording.record_page_event(user_id, "views", big.pk, en.pk, day=YESTERDAY)
        recording.record_page_event(user_id, "views", big.pk, en.pk, day=YESTERDAY)
    for user_id in range(1, 4):
        recording.record_page_event(user_id, "views", small.pk, small.locale_id, day=YESTERDAY)
    recording.record_page_event(1, "views", big.pk, en.pk)  # today: not rolled up yet
    assert DaySalt.objects.filter(day=YESTERDAY).exists()

    assert rollup() == [YESTERDAY]

    cells = {row.page_id: row for row in PageDay.objects.filter(day=YESTERDAY)}
    assert (cells[big.pk].views, cells[big.pk].views_people) == (24, 12)
    assert (cells[small.pk].views, cells[small.pk].views_people) == (3, 3)
    assert not PendingEvent.objects.filter(day=YESTERDAY).exists()
    assert not DaySalt.objects.filter(day=YESTERDAY).exists()
    assert PendingEvent.objects.filter(day=timezone.localdate()).count() == 1
    summary = {
        (row.locale_id, row.metric): (row.people, row.hidden_cells)
        for row in LocaleDay.objects.filter(day=YESTERDAY)
    }
    assert summary[(en.pk, "views")] == (12, 0)
    assert summary[(small.locale_id, "views")] == (0, 1)  # 3 people: hidden, not summed
    assert rollup() == []  # nothing left to do


# --- Retention and the employees' page ------------------------------------------------------


def test_purge_deletes_rows_past_the_retention(clean, site_tree, settings):
    settings.INSIGHTS_RETENTION_DAYS = 30
    today = timezone.localdate()
    for age in (5, 31, 400):
        PageDay.objects.create(
            day=today - datetime.timedelta(days=age),
            page_id=site_tree["en"].pk,
            locale_id=site_tree["en"].locale_id,
        )
    assert purge() == 2
    assert list(PageDay.objects.values_list("day", flat=True)) == [
        today - datetime.timedelta(days=5)
    ]
    out = io.StringIO()
    call_command("purge_insights", "--days", "1", stdout=out)
    assert "Deleted 1" in out.getvalue()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "Vad vi räknar, och vad vi aldrig gör"),
        ("de", "Dein Name, dein Benutzerkonto"),
        ("es", "Qué contamos y qué nunca"),
        ("fr", "Ce que nous comptons"),
        ("pt-br", "O que contamos e o que nunca fazemos"),
    ],
)
def test_employees_read_what_is_counted_in_their_language(
    employee_client, site_tree, language, expected
):
    footer = employee_client.get(site_tree[language].url).content.decode()
    assert f'href="/{language}/what-we-count/"' in footer
    response = employee_client.get(f"/{language}/what-we-count/")
    assert response.status_code == 200
    assert expected in response.content.decode()
