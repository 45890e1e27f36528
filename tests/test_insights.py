"""Programme insights (issue 17): aggregate-only recording, the rollup, suppression of small
groups (and that no hidden cell can be recovered from anything shown or exported), the schema
(no user, address or session anywhere), who may open Insights, retention, and the employees'
page. Runs on SQLite and PostgreSQL alike (the rollup and the upserts are plain SQL)."""

import csv
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

from campaigns.models import CampaignPage
from cms.core.factories import UserFactory
from cms.insights import recording
from cms.insights.models import (
    AnonymousCount,
    DaySalt,
    LocaleDay,
    PageDay,
    PendingEvent,
)
from cms.insights.rollup import purge, rollup, summarise_day
from library.models import EpisodePage

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def campaign(site_tree):
    return CampaignPage.objects.get(locale__language_code="en", slug="lets-talk-about-burnout")


@pytest.fixture
def clean():
    """No demo counts: each test builds exactly the cells it reasons about."""
    for model in (PageDay, LocaleDay, AnonymousCount, PendingEvent, DaySalt):
        model.objects.all().delete()
    recording._salts.clear()


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


def test_listening_milestones_are_counted_for_episodes_only(clean, employee_client):
    episode = EpisodePage.objects.live().filter(locale__language_code="en").first()
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


def test_searches_are_counted_without_anyone_and_crisis_apart_from_words(clean, employee_client):
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


# --- Suppression ----------------------------------------------------------------------------


def campaign_cells(campaign, hidden_value):
    """The campaign in English (two days), Swedish (one day) and German (one day, hidden)."""
    ids = dict(
        Page.objects.filter(translation_key=campaign.translation_key).values_list(
            "locale__language_code", "pk"
        )
    )
    locales = dict(Locale.objects.values_list("language_code", "pk"))
    day1, day2 = YESTERDAY - datetime.timedelta(days=1), YESTERDAY
    cells = [
        ("en", day1, 25, 3),
        ("en", day2, 14, 12),
        ("sv", day1, 11, 0),
        ("de", day2, hidden_value, hidden_value),
    ]
    PageDay.objects.bulk_create(
        PageDay(
            day=day,
            page_id=ids[code],
            locale_id=locales[code],
            views=people,
            views_people=people,
            help_counselling=help_people,
            help_counselling_people=help_people,
        )
        for code, day, people, help_people in cells
    )
    for day in (day1, day2):
        summarise_day(day)


def screens(client, campaign):
    base = f"?start={YESTERDAY - datetime.timedelta(days=1)}&end={YESTERDAY}"
    return [
        f"/admin/insights/{base}",
        f"/admin/insights/campaigns/{base}",
        f"/admin/insights/campaigns/{campaign.pk}/{base}",
    ]


def shown(client, url):
    """Everything a person can read on a screen: the Insights part of the page (tables, chart,
    notes) and the CSV export."""
    html = client.get(url).content.decode()
    part = html[html.index("data-insights") :]
    export = client.get(url + "&format=csv").content.decode()
    return part, export


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_small_cells_are_hidden_and_left_out_of_every_total(clean, campaign, role_users):
    campaign_cells(campaign, hidden_value=4)
    client = Client()
    client.force_login(role_users["Editors"])
    html, export = shown(client, screens(client, campaign)[2])
    rows = csv_rows(export)
    start = rows.index(["By language"]) + 2
    end = rows.index([], start)
    table = {row[0]: row[1:] for row in rows[start:end]}
    assert table["German"][0] == "fewer than 10"
    assert table["English"][0] == "39"  # 25 + 14
    assert table["Swedish"][0] == "11"
    # The total adds up the figures shown (and says some were left out): 39 + 11.
    assert table["Total"][0] == "50*"
    # Help clicks: 3 (hidden) and 12 (shown) in English.
    assert table["English"][2] == "12*"
    assert "fewer than 10" in html
    assert 'data-chart="columns"' in html


@pytest.mark.parametrize("attempt", ["subtraction", "any difference"])
def test_a_hidden_cell_cannot_be_recovered_from_anything_shown_or_exported(
    clean, campaign, role_users, attempt
):
    """The German cell (day 2) is hidden. Build the same data with it at 4 and at 7 people:
    if every screen and every export is identical, no arithmetic on them can tell its value."""
    client = Client()
    client.force_login(role_users["Editors"])
    seen = {}
    for value in (4, 7):
        clean_all()
        campaign_cells(campaign, hidden_value=value)
        seen[value] = [shown(client, url) for url in screens(client, campaign)]
    if attempt == "any difference":
        assert seen[4] == seen[7]
        return
    # The attacker's subtraction: every total minus the parts shown beside it, in every table.
    for _html, export in seen[7]:
        numbers = [
            [int(cell.rstrip("*")) if cell.rstrip("*").isdigit() else None for cell in row]
            for row in csv_rows(export)
        ]
        recovered = set()
        for index, row in enumerate(csv_rows(export)):
            if row and row[0] == "Total":
                start = index
                while start > 0 and csv_rows(export)[start - 1]:
                    start -= 1
                body = numbers[start + 1 : index]
                for column, total in enumerate(numbers[index]):
                    if total is None or column == 0:
                        continue
                    parts = sum(r[column] or 0 for r in body if len(r) > column)
                    recovered.add(total - parts)
        assert 7 not in recovered and recovered <= {0}


def clean_all():
    for model in (PageDay, LocaleDay):
        model.objects.all().delete()


# --- Who may open Insights ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("Editors", True),
        ("Wellbeing reviewers", True),
        ("Administrators", True),
        ("Translators", False),
        ("Employees", False),
        (None, False),
    ],
)
def test_only_editors_reviewers_and_admins_open_insights(role_users, campaign, role, allowed):
    client = Client()
    if role:
        client.force_login(role_users[role])
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    urls = [
        "/admin/insights/",
        "/admin/insights/campaigns/",
        f"/admin/insights/campaigns/{campaign.pk}/",
        f"/admin/insights/campaigns/{campaign.pk}/?format=csv",
        "/admin/insights/shows/",
        f"/admin/insights/shows/{episode.get_parent().pk}/",
        f"/admin/insights/episodes/{episode.pk}/",
        "/admin/insights/search/?format=csv",
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403), url
            assert b"insights-chart" not in response.content
    if role:
        menu = client.get("/admin/").content.decode()
        assert ("/admin/insights/" in menu) is allowed


def test_bad_filters_show_a_message_and_the_defaults(role_users, campaign):
    client = Client()
    client.force_login(role_users["Editors"])
    for query in ("?start=2026-13-40", "?start=2026-05-01&end=2026-01-01", "?locale=xx"):
        response = client.get(f"/admin/insights/campaigns/{campaign.pk}/{query}")
        assert response.status_code == 200
    response = client.get("/admin/insights/?start=2026-05-01&end=2026-01-01")
    assert "The start date must be on or before the end date." in response.content.decode()
    # Not found (LocaleMiddleware turns the admin's 404 into its usual redirect).
    assert client.get("/admin/insights/campaigns/999999/").status_code in (302, 404)


# --- The demo -------------------------------------------------------------------------------


def test_the_demo_shows_a_campaigns_reach_and_an_episodes_curve_with_small_cells_hidden(
    role_users, campaign
):
    client = Client()
    client.force_login(role_users["Editors"])
    html = client.get(f"/admin/insights/campaigns/{campaign.pk}/").content.decode()
    assert 'data-chart="columns"' in html and "fewer than 10" in html
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    html = client.get(f"/admin/insights/episodes/{episode.pk}/?start=2000-01-01").content
    assert b"Choose at most" in html  # too long a range: a message, the default range instead
    html = client.get(f"/admin/insights/episodes/{episode.pk}/").content.decode()
    assert 'data-chart="line"' in html and "Reached 75%" in html


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


# --- Cost: a year of rows -------------------------------------------------------------------


def year_of_rows(page_ids, locale_ids, days):
    PageDay.objects.bulk_create(
        [
            PageDay(
                day=YESTERDAY - datetime.timedelta(days=age),
                page_id=page_id,
                locale_id=locale_id,
                views_people=age % 15,
                starts_people=(age + page_id) % 15,
                completions_people=age % 12,
            )
            for page_id in page_ids
            for locale_id in locale_ids
            for age in range(days)
        ],
        batch_size=2000,
    )


def screen_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_campaign_and_show_screens_cost_the_same_queries_for_more_days_items_and_languages(
    clean, campaign, role_users
):
    """The campaign and show screens read their daily rows in a fixed number of queries: more
    episodes, more days and more languages add rows, never queries."""
    from library.listening.bulk import bulk_episodes
    from library.models import AudioFile

    client = Client()
    client.force_login(role_users["Editors"])
    show = EpisodePage.objects.filter(locale__language_code="en").first().get_parent()
    year = f"?start={YESTERDAY - datetime.timedelta(days=364)}&end={YESTERDAY}"
    urls = [
        f"/admin/insights/campaigns/{campaign.pk}/{year}",
        f"/admin/insights/campaigns/{campaign.pk}/{year}&format=csv",
        f"/admin/insights/shows/{show.specific.pk}/{year}",
        f"/admin/insights/shows/{show.specific.pk}/{year}&format=csv",
    ]
    en = Locale.objects.get(language_code="en").pk
    campaign_ids = list(
        Page.objects.filter(translation_key=campaign.translation_key).values_list("pk", flat=True)
    )
    episodes = list(EpisodePage.objects.child_of(show).values_list("pk", flat=True))
    year_of_rows([*campaign_ids, *episodes], [en], 7)
    small = [screen_queries(client, url) for url in urls]

    added = bulk_episodes(show, 30, AudioFile.objects.first(), prefix="insights-cost")
    locales = list(Locale.objects.values_list("pk", flat=True))
    PageDay.objects.all().delete()
    year_of_rows([*campaign_ids, *episodes, *added], locales, 365)
    large = [screen_queries(client, url) for url in urls]
    assert large == small
    html = client.get(urls[2]).content.decode()
    assert "Insights-Cost episode 30" in html  # the new episodes are on the screen


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner only")
def test_a_screen_reads_its_pages_rows_through_the_page_index_on_sqlite(clean):
    """SQLite keeps no histogram of dates: with the planner statistics of a year of rows for
    2,000 pages (as ANALYZE leaves them in the benchmark) it takes any date range to keep 1/64
    of the rows, and read a year of a few pages through the date index, every row of the table
    (8.7 s in the benchmark). The screens' date filter keeps it on the pages' index."""
    from cms.insights.sections import Filters

    table = PageDay._meta.db_table
    indexes = {
        "insights_pageday_day": "4515780 12372 2062",
        f"sqlite_autoindex_{table}_1": "4515780 2190 365 1",
    }
    filters = Filters(YESTERDAY - datetime.timedelta(days=364), YESTERDAY)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
        for index, stat in indexes.items():
            cursor.execute("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", [table, index, stat])
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads the statistics again
        try:
            for group_by in (["day"], ["page_id", "locale_id"], ["locale_id"]):
                for ids in (list(range(1, 7)), list(range(1, 120))):
                    rows = filters.page_rows(ids).order_by().values(*group_by)
                    plan = rows.annotate(people=models.Sum("views_people")).explain()
                    assert "insights_pageday_day" not in plan, (group_by, len(ids), plan)
                    assert f"sqlite_autoindex_{table}_1 (page_id=?)" in plan, plan
        finally:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
            cursor.execute("ANALYZE sqlite_schema")
