"""Who may see what, as one table: role x object state x route (logged-in session or feed
token), through the real URLs (audio, transcripts, feeds, documents, pages), plus the rule's
two forms (Python and SQL) agreeing, and the audio check's query count.

The rule (cms/core/access.py): a session sees live content its groups may see, and staff who
may edit audio or transcripts also preview drafts; a feed token sees exactly what a plain
employee in the owner's groups sees of live content, whatever the owner's staff role.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Locale, PageViewRestriction

from cms.core import access
from library.factories import (
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from library.models import EpisodePage, LibraryIndexPage, PodcastFeedToken

ROLES = ["Employees", "Editors", "Wellbeing reviewers", "Translators", "Administrators"]

# Object states.
LIVE = "live"  # a live episode on an unrestricted show
DRAFT = "draft"  # an episode never published (its audio and transcript used nowhere live)
UNPUBLISHED_TRANSCRIPT = "unpublished transcript"  # never reviewed, on a live episode
EDITORS_ONLY = "editors-only show"  # a live show restricted to the Editors group

# Expected answers. Session: live content by group; drafts for those who may edit them.
SESSION = {
    ("audio", LIVE): set(ROLES),
    ("audio", DRAFT): {"Editors", "Wellbeing reviewers", "Administrators"},
    # Staff who may edit audio open any of it in their session (they can in the admin anyway).
    ("audio", EDITORS_ONLY): {"Editors", "Wellbeing reviewers", "Administrators"},
    ("transcript", LIVE): set(ROLES),
    ("transcript", DRAFT): {"Editors", "Wellbeing reviewers", "Translators", "Administrators"},
    ("transcript", UNPUBLISHED_TRANSCRIPT): {
        "Editors",
        "Wellbeing reviewers",
        "Translators",
        "Administrators",
    },
    ("transcript", EDITORS_ONLY): {
        "Editors",
        "Wellbeing reviewers",
        "Translators",
        "Administrators",
    },
    ("feed", LIVE): set(ROLES),
    # Read in a logged-in browser, a feed follows the session's rule (links are session URLs).
    ("feed", EDITORS_ONLY): {"Editors", "Administrators"},
    ("page", LIVE): set(ROLES),
    ("page", EDITORS_ONLY): {"Editors", "Administrators"},
    ("document", LIVE): set(ROLES),
}
# Token: what a plain employee in the owner's groups sees of live content. Never a draft, never
# an unpublished transcript; the superuser's token passes no group restriction.
TOKEN = {
    ("audio", LIVE): set(ROLES),
    ("audio", DRAFT): set(),
    ("audio", EDITORS_ONLY): {"Editors"},
    ("transcript", LIVE): set(ROLES),
    ("transcript", DRAFT): set(),
    ("transcript", UNPUBLISHED_TRANSCRIPT): set(),
    ("transcript", EDITORS_ONLY): {"Editors"},
    ("feed", LIVE): set(ROLES),
    ("feed", EDITORS_ONLY): {"Editors"},
    ("document", LIVE): set(),  # documents are never reached with a token
}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture(params=["page cache off", "page cache on"])
def rule_source(request, settings):
    """The rule is worked out from the database (page cache off: an EXISTS per query) or from
    the page cache's restriction rows (on: a path-prefix condition, no query); both must agree
    with the table."""
    if request.param == "page cache off":
        yield request.param
        return
    from django.core.cache import cache

    cache.clear()
    settings.PAGE_CACHE_SECONDS = 600
    yield request.param
    cache.clear()


@pytest.fixture
def world(site_tree, rule_source):
    english = Locale.objects.get(language_code="en")
    index = LibraryIndexPage.objects.filter(locale=english).first() or publish(
        LibraryIndexPageFactory(parent=site_tree["en"], slug="access-library")
    )
    open_show = publish(PodcastShowPageFactory(parent=index, title="Open show"))
    closed_show = publish(PodcastShowPageFactory(parent=index, title="Editors only show"))
    restriction = PageViewRestriction.objects.create(
        page=closed_show, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Editors")])

    live = publish(EpisodePageFactory(parent=open_show, title="Live episode"))
    draft = EpisodePageFactory(parent=open_show, title="Draft episode", live=False)
    draft.save_revision()
    unreviewed = TranscriptFactory(title="Unreviewed words", live=False)
    with_unreviewed = publish(
        EpisodePageFactory(parent=open_show, title="Live with unreviewed", transcript=unreviewed)
    )
    closed = publish(EpisodePageFactory(parent=closed_show, title="Closed episode"))
    for transcript in (live.transcript, closed.transcript):
        assert transcript.live
    draft.transcript.live = True  # reviewed, but only used by a draft
    draft.transcript.save()
    assert not EpisodePage.objects.get(pk=draft.pk).live
    assert with_unreviewed.live and not unreviewed.live
    document = get_document_model().objects.create(
        title="Team leads' guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )
    # Each object's URL, for a session (token=None) or for a feed token (in the path).
    return {
        ("audio", LIVE): live.audio.get_delivery_url,
        ("audio", DRAFT): draft.audio.get_delivery_url,
        ("audio", EDITORS_ONLY): closed.audio.get_delivery_url,
        ("transcript", LIVE): lambda token=None: live.transcript.get_url("txt", token),
        ("transcript", DRAFT): lambda token=None: draft.transcript.get_url("txt", token),
        ("transcript", UNPUBLISHED_TRANSCRIPT): lambda token=None: unreviewed.get_url("txt", token),
        ("transcript", EDITORS_ONLY): lambda token=None: closed.transcript.get_url("txt", token),
        ("feed", LIVE): open_show.get_feed_path,
        ("feed", EDITORS_ONLY): closed_show.get_feed_path,
        ("page", LIVE): lambda token=None: live.url,
        ("page", EDITORS_ONLY): lambda token=None: closed.url,
        # Documents have no token route: the token is offered the only way it could be.
        ("document", LIVE): lambda token=None: (
            with_token(document.url, token) if token else document.url
        ),
    }


def with_token(url, token):
    return f"{url}{'&' if '?' in url else '?'}token={token}"


def granted(response):
    if response.status_code in (200, 206):
        return True
    if response.status_code == 302:
        # A redirect to S3 or to the file grants; a redirect to the login page refuses.
        return "/login/" not in response["Location"]
    return False


TABLE = [
    (route, role, kind, state)
    for route, expected in (("session", SESSION), ("token", TOKEN))
    for (kind, state) in expected
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role", "kind", "state"), TABLE)
def test_access_table(world, role_users, route, role, kind, state):
    user = role_users[role]
    client = Client()
    if route == "session":
        client.force_login(user)
        url = world[(kind, state)]()
        expected = role in SESSION[(kind, state)]
    else:
        url = world[(kind, state)](PodcastFeedToken.issue(user))
        expected = role in TOKEN[(kind, state)]

    response = client.get(url)

    assert granted(response) is expected, (
        f"{role} by {route} on {kind} ({state}): {response.status_code} "
        f"{response.get('Location', '')}"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["audio", "transcript", "feed", "page", "document"])
def test_anonymous_gets_nothing(world, client, kind):
    response = client.get(world[(kind, LIVE)]())
    assert not granted(response)


@pytest.mark.django_db
def test_a_feed_lists_no_episode_its_token_cannot_open(world, client, role_users):
    """The superuser's feed of the open show: every enclosure and transcript it lists opens
    with the same token."""
    import feedparser

    token = PodcastFeedToken.issue(role_users["Administrators"])
    feed = feedparser.parse(client.get(world[("feed", LIVE)](token)).content)
    links = [enclosure.href for entry in feed.entries for enclosure in entry.enclosures]
    assert links
    for link in links:
        assert granted(client.get(link.replace("http://testserver", ""))), link


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("via_token", [False, True])
def test_python_and_sql_forms_of_the_rule_agree(world, role_users, role, via_token):
    user = role_users[role]
    pages = list(EpisodePage.objects.live())
    in_python = {page.pk for page in access.visible_pages(pages, user, via_token=via_token)}
    in_sql = set(
        EpisodePage.objects.live()
        .filter(access.visible_q(user, via_token=via_token))
        .values_list("pk", flat=True)
    )
    assert in_python == in_sql


@pytest.mark.django_db
def test_tokens_are_stored_hashed_and_old_query_urls_redirect_to_the_path_form(
    world, client, role_users
):
    employee = role_users["Employees"]
    key = PodcastFeedToken.issue(employee)
    stored = PodcastFeedToken.objects.get(user=employee)
    assert key not in str(stored.__dict__)
    assert stored.key_hash == PodcastFeedToken.hash_key(key)
    for kind in ("audio", "transcript", "feed"):
        session_url = world[(kind, LIVE)]()
        response = client.get(with_token(session_url, key))
        assert response.status_code == 301, kind
        assert response["Location"] == world[(kind, LIVE)](key)
        assert "?" not in response["Location"]
        assert granted(client.get(response["Location"])), kind
    # A wrong key in either form is simply not found.
    assert client.get(with_token(world[("feed", LIVE)](), "w" * 43)).status_code == 301
    assert client.get(world[("feed", LIVE)]("w" * 43)).status_code == 404


@pytest.mark.django_db
def test_audio_check_is_a_constant_number_of_queries(
    world, role_users, django_assert_max_num_queries
):
    """One EXISTS, whatever the number of episodes or restrictions; no page objects built."""
    audio = EpisodePage.objects.get(title="Live episode").audio
    user = role_users["Employees"]
    user.has_perm("x.y")  # permissions cached, as a request's user would after the first ask
    access.may_hear(user, audio, via_token=True)  # with the page cache: its restriction rows warm
    with django_assert_max_num_queries(1):
        assert access.may_hear(user, audio, via_token=True)


# --- The admin API endpoint (translators' link previews) ---------------------------------------


@pytest.mark.django_db
def test_translators_read_source_pages_by_id_only_where_the_site_rule_lets_them(
    world, client, role_users
):
    """The admin API lets translators read default-language pages by id (for link previews);
    a page behind a group restriction they do not pass stays hidden, as on the site."""
    client.force_login(role_users["Translators"])
    open_page = EpisodePage.objects.get(title="Live episode")
    closed_page = EpisodePage.objects.get(title="Closed episode")

    shown = client.get(f"/admin/api/main/pages/{open_page.pk}/")
    assert shown.status_code == 200
    assert shown.json()["title"] == "Live episode"
    # Not found (Django's locale middleware then offers /en/…, which is no page either).
    hidden = client.get(f"/admin/api/main/pages/{closed_page.pk}/")
    assert hidden.status_code in (302, 404)
    assert b"Closed episode" not in hidden.content
