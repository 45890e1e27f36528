"""Insights suppression: small cells are hidden, and no hidden cell can be recovered."""

import csv
import datetime
import io

import pytest
from django.test import Client
from wagtail.models import Locale, Page

from cms.insights.models import LocaleDay, PageDay
from cms.insights.rollup import summarise_day
from tests import insights_support
from tests.insights_support import YESTERDAY

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/insights_support.py), found here by pytest.
campaign, clean = insights_support.campaign, insights_support.clean


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
