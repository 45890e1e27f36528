"""Insights by organisational group (issue 17's optional part): the group kept at company
sign-in, recorded and rolled up with distinct people only when both settings are on, the same
suppression plus complementary suppression (no hidden group told by subtracting anything shown
or exported), and nothing about groups anywhere when off. Runs on SQLite and PostgreSQL."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from cms.accounts.backends import org_group_from
from cms.accounts.models import CompanyIdentity
from cms.core.factories import UserFactory
from cms.insights import recording
from cms.insights.groups import shown_parts, suppress_groups
from cms.insights.models import (
    DaySalt,
    LocaleDay,
    PageDay,
    PageGroupDay,
    PendingEvent,
    PendingGroupEvent,
)
from cms.insights.rollup import purge, rollup, summarise_day
from library.models import EpisodePage, PodcastShowPage
from tests import oidc_provider as test_provider
from tests.oidc_provider import sign_in_at_provider
from tests.trees import build_listener_pages

pytestmark = pytest.mark.django_db
# The real OpenID Connect provider on loopback (tests/accounts/ uses the same fixtures).
oidc_provider, provider = test_provider.oidc_provider, test_provider.provider

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
SECTION = "By organisational group"


@pytest.fixture
def clean():
    for model in (PageDay, PageGroupDay, LocaleDay, PendingEvent, PendingGroupEvent, DaySalt):
        model.objects.all().delete()
    recording._salts.clear()


@pytest.fixture
def breakdown_on(settings):
    settings.INSIGHTS_ORG_GROUPS = True
    settings.OIDC_ORG_GROUP_CLAIM = "department"


@pytest.fixture
def campaign(listener_pages):
    return listener_pages.campaign


@pytest.fixture
def listener_pages(site_tree):
    """An English campaign, show and episode (among the listener's pages)."""
    return build_listener_pages(site_tree["en"])


@pytest.fixture
def editor_client(role_users):
    client = Client()
    client.force_login(role_users["Editors"])
    return client


def person_in(group, name):
    user = UserFactory(username=name)
    CompanyIdentity.objects.create(
        user=user, issuer="https://idp.example", subject=name, org_group=group
    )
    return user


# --- The claim, kept at sign-in ---------------------------------------------------------------


def test_the_group_is_kept_at_every_sign_in_and_cleared_without_the_claim(
    client, provider, breakdown_on
):
    sub = "kim-7"
    provider.put_user(sub, email="kim@contoso.example", groups=[], department=["  Finance ", "IT"])
    assert sign_in_at_provider(client, provider, sub).status_code == 302
    identity = CompanyIdentity.objects.get(subject=sub)
    assert identity.org_group == "Finance"

    provider.put_user(sub, email="kim@contoso.example", groups=[], department="Stockholm office")
    client.logout()
    sign_in_at_provider(client, provider, sub)
    identity.refresh_from_db()
    assert identity.org_group == "Stockholm office"

    provider.put_user(sub, email="kim@contoso.example", groups=[])
    client.logout()
    sign_in_at_provider(client, provider, sub)
    identity.refresh_from_db()
    assert identity.org_group == ""


def test_the_group_claim_is_one_short_trimmed_text(breakdown_on, settings):
    assert org_group_from({"department": "  Stockholm \n office "}) == "Stockholm office"
    assert org_group_from({"department": ["Finance", "IT"]}) == "Finance"
    assert len(org_group_from({"department": "x" * 500})) == 100
    assert org_group_from({"department": 42}) == ""
    assert org_group_from({"department": []}) == ""
    assert org_group_from({}) == ""
    settings.INSIGHTS_ORG_GROUPS = False  # kept only while something uses it
    assert org_group_from({"department": "Finance"}) == ""
    settings.INSIGHTS_ORG_GROUPS, settings.OIDC_ORG_GROUP_CLAIM = True, ""
    assert org_group_from({"department": "Finance"}) == ""


# --- Recording and rollup -------------------------------------------------------------------


def beacon(client, event, page_id):
    return client.post("/insights/event/", {"event": event, "page": str(page_id)})


def test_with_the_breakdown_on_a_beacon_is_two_upserts_and_no_other_query(
    clean, breakdown_on, site_tree
):
    home = Page.objects.get(depth=2, locale__language_code="en")
    client = Client()
    client.force_login(person_in("Finance", "groups-beacon"))
    beacon(client, "view", home.pk)  # the day's salt
    with CaptureQueriesContext(connection) as queries:
        assert beacon(client, "view", home.pk).status_code == 204
    insights = [q["sql"] for q in queries if "insights_" in q["sql"]]
    assert len(insights) == 2 and all(sql.startswith("INSERT") for sql in insights)
    assert not [q for q in queries if q["sql"].startswith("SELECT") and "identity" in q["sql"]]
    row = PendingGroupEvent.objects.get()
    assert (row.metric, row.page_id, row.org_group, row.events) == ("views", home.pk, "Finance", 2)
    assert row.listener_hash == PendingEvent.objects.get().listener_hash


def record_views(users, page, day=YESTERDAY, metric="views"):
    for user in users:
        recording.record_page_event(user.pk, metric, page.pk, page.locale_id, day=day)
        recording.record_page_event(user.pk, metric, page.pk, page.locale_id, day=day)


def test_rollup_counts_distinct_people_per_group_then_forgets_the_hashes(
    clean, breakdown_on, site_tree
):
    page = site_tree["en"]
    finance = [person_in("Finance", f"fin-{n}") for n in range(12)]
    stockholm = [person_in("Stockholm office", f"sto-{n}") for n in range(3)]
    nobody = [UserFactory(username="no-identity")]
    record_views(finance + stockholm + nobody, page)
    record_views(finance[:1], page, metric="playlist_plays")  # not broken down
    recording.record_page_event(finance[0].pk, "views", page.pk, page.locale_id)  # today

    assert rollup() == [YESTERDAY]

    rows = {row.org_group: row for row in PageGroupDay.objects.filter(day=YESTERDAY)}
    assert set(rows) == {"Finance", "Stockholm office", ""}
    assert (rows["Finance"].views, rows["Finance"].views_people) == (24, 12)
    assert (rows["Stockholm office"].views_people, rows[""].views_people) == (3, 1)
    # Finance shown; Stockholm (3) and no group (1) hidden: together 4, under 10, so the page's
    # 16 minus Finance's 12 would tell them; Finance is hidden too.
    assert [rows[g].views_shown for g in ("Finance", "Stockholm office", "")] == [0, 0, 0]
    assert PageDay.objects.get(day=YESTERDAY).views_people == 16
    assert not PendingGroupEvent.objects.filter(day=YESTERDAY).exists()
    assert not DaySalt.objects.filter(day=YESTERDAY).exists()
    assert PendingGroupEvent.objects.filter(day=timezone.localdate()).count() == 1


@pytest.mark.parametrize(("org_groups", "claim"), [(False, "department"), (True, ""), (False, "")])
def test_with_either_setting_off_nothing_is_recorded_per_group(
    clean, site_tree, settings, org_groups, claim
):
    settings.INSIGHTS_ORG_GROUPS, settings.OIDC_ORG_GROUP_CLAIM = org_groups, claim
    record_views([person_in("Finance", f"off-{n}") for n in range(11)], site_tree["en"])
    rollup()
    assert PageDay.objects.get(day=YESTERDAY).views_people == 11
    assert not PendingGroupEvent.objects.exists() and not PageGroupDay.objects.exists()


def test_purge_deletes_group_rows_past_the_retention(clean, settings):
    old = timezone.localdate() - datetime.timedelta(days=settings.INSIGHTS_RETENTION_DAYS + 1)
    PageGroupDay.objects.create(day=old, page_id=1, locale_id=1, org_group="Finance")
    PageGroupDay.objects.create(day=YESTERDAY, page_id=1, locale_id=1, org_group="Finance")
    PendingGroupEvent.objects.create(
        day=old, metric="views", page_id=1, locale_id=1, listener_hash="x"
    )
    assert purge() == 2
    assert list(PageGroupDay.objects.values_list("day", flat=True)) == [YESTERDAY]


# --- Suppression ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("whole", "parts", "shown"),
    [
        (30, [12, 11, 7], [12, 0, 0]),  # hidden 7: 30 - 23 leaves 7, so 11 goes too (18)
        (23, [11, 10, 2], [11, 0, 0]),  # 2 hidden; hiding 10 leaves 12
        (25, [12, 13], [12, 13]),  # nothing hidden
        (24, [12, 8, 4], [12, 0, 0]),  # hidden 12: enough
        (15, [12, 3], [0, 0]),  # hiding 12 is the only way
        (9, [9], [0]),  # the page's cell itself is hidden
        (20, [10, 10, 1], [0, 10, 0]),  # someone in two groups that day; ties: first hidden
    ],
)
def test_group_cells_hidden_so_the_page_minus_the_groups_tells_no_small_number(whole, parts, shown):
    assert shown_parts(whole, parts, 10) == shown


def group_cells(campaign, cells):
    """Views on the English campaign page yesterday: the page's people and its groups'."""
    page = campaign
    whole = sum(cells.values())
    PageDay.objects.create(
        day=YESTERDAY, page_id=page.pk, locale_id=page.locale_id, views=whole, views_people=whole
    )
    PageGroupDay.objects.bulk_create(
        PageGroupDay(
            day=YESTERDAY,
            page_id=page.pk,
            locale_id=page.locale_id,
            org_group=group,
            views=people,
            views_people=people,
        )
        for group, people in cells.items()
    )
    summarise_day(YESTERDAY)
    suppress_groups(YESTERDAY)


def seen(client, campaign):
    url = f"/admin/insights/campaigns/{campaign.pk}/?start={YESTERDAY}&end={YESTERDAY}"
    html = client.get(url).content.decode()
    return html[html.index("data-insights") :], client.get(url + "&format=csv").content.decode()


def csv_tables(export):
    """{section title: {row label: [cells]}} of an export."""
    rows, tables, index = list(csv.reader(io.StringIO(export))), {}, 0
    while index < len(rows):
        if len(rows[index]) == 1 and index + 1 < len(rows) and rows[index + 1]:
            title, index = rows[index][0], index + 2
            tables[title] = {}
            while index < len(rows) and rows[index]:
                tables[title][rows[index][0]] = rows[index][1:]
                index += 1
        index += 1
    return tables


def number(cell):
    cell = cell.rstrip("*")
    return int(cell) if cell.isdigit() else None


@pytest.mark.parametrize("finance", [2, 5])
def test_a_hidden_group_cannot_be_recovered_from_anything_shown_or_exported(
    clean, breakdown_on, campaign, editor_client, finance
):
    """Stockholm 11, Gothenburg 12 - Finance, Finance 2 or 5: the page 23 either way. Finance
    is hidden (under 10); Gothenburg (10 or 7) must go too, or 23 - 11 - 10 tells Finance."""
    group_cells(campaign, {"Stockholm": 11, "Gothenburg": 12 - finance, "Finance": finance})
    html, export = seen(editor_client, campaign)
    tables = csv_tables(export)
    groups = tables[SECTION]
    assert groups["Stockholm"][0] == "11"
    assert "Gothenburg" not in export + html and "Finance" not in export + html
    assert groups["Other groups"][0] == "fewer than 10"
    assert groups["Total"][0] == "11*"
    # Every page figure (each language, each day, every total) minus the groups shown.
    shown_groups = sum(number(row[0]) or 0 for label, row in groups.items() if label != "Total")
    wholes = [
        number(row[0])
        for title in ("By language", "Reach: people who opened the campaign")
        for row in tables[title].values()
        if number(row[0])
    ]
    assert 23 in wholes
    for whole in wholes:
        assert whole - shown_groups == 0 or whole - shown_groups >= 10
    for whole in wholes:
        assert whole - number(groups["Total"][0]) not in range(1, 10)


def test_the_hidden_groups_make_no_difference_to_any_screen_or_export(
    clean, breakdown_on, campaign, editor_client
):
    views = {}
    for finance in (2, 5):
        PageDay.objects.all().delete()
        PageGroupDay.objects.all().delete()
        group_cells(campaign, {"Stockholm": 11, "Gothenburg": 12 - finance, "Finance": finance})
        views[finance] = seen(editor_client, campaign)
    assert views[2] == views[5]
    assert SECTION in views[2][0] and 'data-chart="bars"' in views[2][0]


def test_a_group_counts_only_the_days_it_is_shown_and_says_it_left_some_out(
    clean, breakdown_on, campaign, editor_client
):
    group_cells(campaign, {"Stockholm": 14, "": 12, "Finance": 3, "Legal": 9})
    _html, export = seen(editor_client, campaign)
    groups = csv_tables(export)[SECTION]
    # Finance 3 and Legal 9 hidden: 12 together, so Stockholm and "no group" stay shown.
    assert groups["Stockholm"][0] == "14"
    assert groups["No group given"][0] == "12"
    assert groups["Other groups"][0] == "fewer than 10"
    assert groups["Total"][0] == "26*"


def test_after_a_threshold_change_group_cells_wait_for_the_rollup(
    clean, breakdown_on, campaign, editor_client, settings
):
    group_cells(campaign, {"Stockholm": 20, "Oslo": 15, "Finance": 12})
    assert csv_tables(seen(editor_client, campaign)[1])[SECTION]["Finance"][0] == "12"
    settings.INSIGHTS_MIN_GROUP = 13
    groups = csv_tables(seen(editor_client, campaign)[1])
    assert groups[SECTION] == {}
    rollup()
    groups = csv_tables(seen(editor_client, campaign)[1])[SECTION]
    # Finance (12) hidden; 47 - 35 would tell it, so Oslo (15) too; Stockholm stays.
    assert groups["Stockholm"][0] == "20" and set(groups) == {"Stockholm", "Other groups", "Total"}


# --- The screens, on and off ----------------------------------------------------------------


def test_the_show_screen_breaks_starts_and_finishes_down(
    clean, breakdown_on, listener_pages, editor_client
):
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    show = PodcastShowPage.objects.get(pk=episode.get_parent().pk)
    for group, people in {"Stockholm": 15, "Finance": 11}.items():
        PageGroupDay.objects.create(
            day=YESTERDAY,
            page_id=episode.pk,
            locale_id=episode.locale_id,
            org_group=group,
            starts=people,
            starts_people=people,
        )
    PageDay.objects.create(
        day=YESTERDAY, page_id=episode.pk, locale_id=episode.locale_id, starts_people=26
    )
    suppress_groups(YESTERDAY)
    url = f"/admin/insights/shows/{show.pk}/?start={YESTERDAY}&end={YESTERDAY}&format=csv"
    groups = csv_tables(editor_client.get(url).content.decode())[SECTION]
    assert groups["Stockholm"][:1] == ["15"] and groups["Total"][:1] == ["26"]


def test_when_off_nothing_about_groups_appears_anywhere(
    clean, campaign, editor_client, employee_client, settings
):
    settings.OIDC_ORG_GROUP_CLAIM = "department"  # the claim alone turns nothing on
    group_cells(campaign, {"Stockholm": 14, "Finance": 12})
    episode = EpisodePage.objects.filter(locale__language_code="en").first()
    for url in (
        f"/admin/insights/campaigns/{campaign.pk}/?start={YESTERDAY}&end={YESTERDAY}",
        f"/admin/insights/shows/{episode.get_parent().pk}/?start={YESTERDAY}&end={YESTERDAY}",
    ):
        for text in (
            editor_client.get(url).content.decode(),
            editor_client.get(url + "&format=csv").content.decode(),
        ):
            assert "organisational group" not in text.lower()
            assert "Stockholm" not in text and "Other groups" not in text
    page = employee_client.get("/en/what-we-count/").content.decode()
    assert "office or department" not in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "counts by office or department too"),
        ("sv", "räkning per kontor eller avdelning"),
        ("de", "Zählungen nach Standort oder Abteilung"),
    ],
)
def test_employees_read_that_counts_may_be_grouped_when_it_is_on(
    breakdown_on, employee_client, site_tree, language, expected
):
    page = employee_client.get(f"/{language}/what-we-count/").content.decode()
    assert expected in page and "10" in page


@pytest.mark.parametrize("role", ["Employees", "Translators", None])
def test_only_insights_roles_see_the_breakdown(clean, breakdown_on, campaign, role_users, role):
    client = Client()
    if role:
        client.force_login(role_users[role])
    url = f"/admin/insights/campaigns/{campaign.pk}/?format=csv"
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"organisational" not in response.content
