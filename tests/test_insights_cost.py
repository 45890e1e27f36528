"""The cost of the Insights screens over a year of rows, in queries and in SQLite's plan."""

import datetime

import pytest
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page

from cms.insights.models import PageDay
from library.models import EpisodePage
from tests import insights_support
from tests.insights_support import YESTERDAY

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/insights_support.py), found here by pytest.
campaign, clean = insights_support.campaign, insights_support.clean


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
