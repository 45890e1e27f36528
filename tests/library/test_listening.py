"""Listening that remembers, private by design: the JSON endpoints, My listening, the purge, the
query budget, and that no admin, snippet or API screen lists anyone's listening."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.snippets.models import get_snippet_models

from cms.core.access import visible_pages
from cms.core.factories import UserFactory
from library.factories import AudioFileFactory, EpisodePageFactory, PlaylistPageFactory
from library.listening.bulk import bulk_episodes, bulk_history
from library.listening.models import ListeningPosition, ListeningPreference, SavedItem
from library.listening.queries import visible_to
from library.models import EpisodePage, PlaylistItem

from .conftest import publish

LISTENING_MODELS = (ListeningPosition, SavedItem, ListeningPreference)


@pytest.fixture(autouse=True)
def _fresh_cards():
    # The card cache is shared (locmem in tests); ids can repeat between rolled-back tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def employees_group(role_users):
    return Group.objects.get(name="Employees")


@pytest.fixture
def alice(employees_group):
    return UserFactory(username="alice", groups=[employees_group])


@pytest.fixture
def bob(employees_group):
    return UserFactory(username="bob", groups=[employees_group])


def client_for(user, enforce_csrf=False):
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def second_episode(show):
    return publish(EpisodePageFactory(parent=show, title="Second wind"))


@pytest.fixture
def draft_episode(show):
    return EpisodePageFactory(parent=show, title="Not yet", live=False)


@pytest.fixture
def team_group():
    return Group.objects.create(name="Team leads")


@pytest.fixture
def private_episode(show, team_group):
    """Live, but only for the "Team leads" group."""
    page = publish(EpisodePageFactory(parent=show, title="For the team only"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(team_group)
    return page


@pytest.fixture
def playlist(library_index, episode):
    playlist = PlaylistPageFactory(parent=library_index, title="Evening calm", slug="evening-calm")
    PlaylistItem.objects.create(playlist=playlist, episode=episode, sort_order=0)
    return publish(playlist)


def save_position(client, episode_id, position, duration=600, **extra):
    return client.post(
        "/listening/position/",
        {"episode": episode_id, "position": position, "duration": duration, **extra},
    )


def state(client, episodes=(), pages=(), lang="en"):
    return client.get(
        "/listening/state/",
        {
            "episodes": ",".join(str(pk) for pk in episodes),
            "pages": ",".join(str(pk) for pk in pages),
            "lang": lang,
        },
    )


def rows_snapshot():
    return [list(model.objects.values()) for model in LISTENING_MODELS]


# --- Writing and reading a position --------------------------------------------------------


def test_a_saved_position_comes_back_in_the_state(alice_client, alice, episode):
    response = save_position(alice_client, episode.pk, 245.5, 600)
    assert response.status_code == 200
    assert response.json() == {"stored": True, "position": 245.5, "finished": False}
    assert response["Cache-Control"] == "private, no-store"

    response = state(alice_client, episodes=[episode.pk], pages=[episode.pk])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["episodes"] == {
        str(episode.pk): {"position": 245.5, "duration": 600.0, "finished": False}
    }
    assert data["remember_history"] is True
    assert data["saved"] == []
    [item] = data["continue_listening"]
    assert item["title"] == "Rest is not a reward"
    assert item["url"] == episode.url
    assert item["show"] == "Calm Corner"
    assert item["position"] == 245.5

    # A second save updates the one row (unique listener x episode).
    save_position(alice_client, episode.pk, 300, 600)
    assert ListeningPosition.objects.get(user=alice, episode=episode).position_seconds == 300
    assert ListeningPosition.objects.filter(user=alice).count() == 1


@pytest.mark.parametrize(
    ("position", "duration", "flag", "finished"),
    [
        (100, 600, "0", False),
        (571, 600, "0", True),  # the last 30 seconds
        (569, 600, "0", False),
        (96, 100, "0", True),  # past 95%
        (20, 30, "0", False),  # a 30-second piece is not finished 10 seconds in
        (28.5, 30, "0", True),
        (10, 600, "1", True),  # the player says it ended
    ],
)
def test_near_the_end_counts_as_finished(alice_client, episode, position, duration, flag, finished):
    response = save_position(alice_client, episode.pk, position, duration, finished=flag)
    assert response.json()["finished"] is finished
    assert ListeningPosition.objects.get(episode=episode).finished is finished


def test_finished_episodes_are_not_in_continue_listening(alice_client, episode, second_episode):
    save_position(alice_client, episode.pk, 599, 600)
    save_position(alice_client, second_episode.pk, 30, 600)
    data = state(alice_client).json()
    assert [item["title"] for item in data["continue_listening"]] == ["Second wind"]


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"episode": "", "position": "10", "duration": "600"}, 400),
        ({"episode": "abc", "position": "10", "duration": "600"}, 400),
        ({"episode": "-5", "position": "10", "duration": "600"}, 400),
        ({"episode": "0", "position": "10", "duration": "600"}, 400),
        ({"episode": "99999999", "position": "10", "duration": "600"}, 404),
        ({"episode": "EPISODE", "position": "-1", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "ten", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "NaN", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "Infinity", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "1e400", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "99999999", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "700", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "10", "duration": "0"}, 400),
        ({"episode": "EPISODE", "position": "10", "duration": "nan"}, 400),
        ({"episode": "EPISODE", "position": "10"}, 400),
        ({"episode": "EPISODE", "duration": "600"}, 400),
        ({"episode": "EPISODE", "position": "1" * 30, "duration": "600"}, 400),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(alice_client, episode, fields, status):
    fields = {
        key: str(episode.pk) if value == "EPISODE" else value for key, value in fields.items()
    }
    before = rows_snapshot()
    response = alice_client.post("/listening/position/", fields)
    assert response.status_code == status
    assert "error" in response.json()
    assert rows_snapshot() == before


def test_pages_a_listener_may_not_hear_are_refused(
    alice_client, show, draft_episode, private_episode, playlist
):
    before = rows_snapshot()
    for page in (draft_episode, private_episode, show, playlist):
        response = save_position(alice_client, page.pk, 10)
        assert response.status_code == 404, page
        assert response.json() == {"error": "no such episode"}
    for page in (draft_episode, private_episode, show):
        response = alice_client.post("/listening/saved/", {"page": page.pk, "saved": "1"})
        assert response.status_code == 404, page
    assert rows_snapshot() == before


def test_a_member_of_the_group_may_save_a_restricted_episode(
    role_users, private_episode, team_group
):
    lead = UserFactory(username="lead", groups=[team_group])
    for user in (lead, role_users["Administrators"]):  # a member, and a superuser
        assert save_position(client_for(user), private_episode.pk, 10).status_code == 200


def test_an_unpublished_episode_leaves_continue_listening(alice_client, episode):
    save_position(alice_client, episode.pk, 100)
    episode.unpublish()
    data = state(alice_client, episodes=[episode.pk]).json()
    assert data["continue_listening"] == []


def test_an_episode_made_private_leaves_continue_listening(alice_client, episode, team_group):
    save_position(alice_client, episode.pk, 100)
    restriction = PageViewRestriction.objects.create(
        page=episode, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(team_group)
    assert state(alice_client).json()["continue_listening"] == []
    assert episode.title not in alice_client.get("/en/my-listening/").content.decode()


# --- Who may call -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/listening/state/"),
        ("post", "/listening/position/"),
        ("post", "/listening/saved/"),
        ("post", "/listening/clear/"),
        ("post", "/listening/history/"),
    ],
)
def test_anonymous_visitors_get_a_json_401_not_a_login_page(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 401
    assert response.json() == {"error": "login required"}
    assert response["Cache-Control"] == "private, no-store"


def test_my_listening_needs_login(client):
    response = client.get("/en/my-listening/")
    assert response.status_code == 302
    assert "/en/login/" in response["Location"]


def test_writes_need_the_csrf_token_in_a_header_or_the_form_body(alice, episode):
    client = client_for(alice, enforce_csrf=True)
    token = state(client).cookies["csrftoken"].value  # the state request sets the cookie

    response = save_position(client, episode.pk, 10)
    assert response.status_code == 403
    assert response.json() == {"error": "CSRF check failed"}
    assert not ListeningPosition.objects.exists()

    # fetch(): the X-CSRFToken header.
    response = client.post(
        "/listening/position/",
        {"episode": episode.pk, "position": 10, "duration": 600},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    # navigator.sendBeacon(): no headers, the token in the form body.
    response = client.post(
        "/listening/position/",
        {"episode": episode.pk, "position": 20, "duration": 600, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200
    assert ListeningPosition.objects.get(user=alice).position_seconds == 20

    for url in ("/listening/clear/", "/listening/history/", "/listening/saved/"):
        assert client.post(url, {"remember": "0", "page": episode.pk}).status_code == 403
    assert ListeningPosition.objects.filter(user=alice).exists()


def test_wrong_methods_are_refused_as_json(alice_client):
    response = alice_client.get("/listening/position/")
    assert response.status_code == 405
    assert response.json() == {"error": "method not allowed"}
    assert alice_client.post("/listening/state/").status_code == 405


@pytest.mark.parametrize(
    "query",
    [
        {"episodes": "1,abc"},
        {"episodes": "-1"},
        {"pages": "1,,2"},
        {"episodes": ",".join(["1"] * 201)},
    ],
)
def test_the_state_refuses_bad_id_lists(alice_client, query):
    response = alice_client.get("/listening/state/", query)
    assert response.status_code == 400
    assert "error" in response.json()


# --- Two listeners ------------------------------------------------------------------------


def test_two_listeners_never_see_or_change_each_others_data(
    alice, bob, alice_client, bob_client, episode, playlist
):
    save_position(alice_client, episode.pk, 120)
    alice_client.post("/listening/saved/", {"page": playlist.pk, "saved": "1"})

    # Bob asks about the same pages: nothing of Alice's.
    data = state(bob_client, episodes=[episode.pk], pages=[episode.pk, playlist.pk]).json()
    assert data["episodes"] == {}
    assert data["saved"] == []
    assert data["continue_listening"] == []
    page = bob_client.get("/en/my-listening/").content.decode()
    assert episode.title not in page and playlist.title not in page

    # Bob's own writes touch only his rows.
    save_position(bob_client, episode.pk, 5)
    bob_client.post("/listening/saved/", {"page": playlist.pk, "saved": "0"})
    bob_client.post("/listening/clear/")
    bob_client.post("/listening/history/", {"remember": "0"})
    bob_client.post("/en/my-listening/", {"action": "unsave", "page": playlist.pk})
    bob_client.post("/en/my-listening/", {"action": "clear"})

    assert ListeningPosition.objects.get(user=alice, episode=episode).position_seconds == 120
    assert SavedItem.objects.filter(user=alice, page=playlist).exists()
    data = state(alice_client, episodes=[episode.pk], pages=[playlist.pk]).json()
    assert data["episodes"][str(episode.pk)]["position"] == 120
    assert data["saved"] == [playlist.pk]
    assert data["remember_history"] is True
    assert not ListeningPosition.objects.filter(user=bob).exists()


# --- Saved items, clearing, switching off -------------------------------------------------


def test_save_and_unsave_an_episode_and_a_playlist(alice, alice_client, episode, playlist):
    for page in (episode, playlist):
        response = alice_client.post("/listening/saved/", {"page": page.pk, "saved": "1"})
        assert response.json() == {"saved": True}
    alice_client.post("/listening/saved/", {"page": episode.pk, "saved": "1"})  # twice: one row
    assert SavedItem.objects.filter(user=alice).count() == 2
    data = state(alice_client, pages=[episode.pk, playlist.pk]).json()
    assert data["saved"] == sorted([episode.pk, playlist.pk])

    page = alice_client.get("/en/my-listening/").content.decode()
    assert "Evening calm" in page and "Rest is not a reward" in page

    response = alice_client.post("/listening/saved/", {"page": episode.pk, "saved": "0"})
    assert response.json() == {"saved": False}
    assert list(SavedItem.objects.filter(user=alice).values_list("page_id", flat=True)) == [
        playlist.pk
    ]
    assert alice_client.post("/listening/saved/", {"page": episode.pk}).status_code == 400


def test_clearing_history_keeps_saved_items(alice, alice_client, episode):
    save_position(alice_client, episode.pk, 100)
    alice_client.post("/listening/saved/", {"page": episode.pk, "saved": "1"})
    response = alice_client.post("/listening/clear/")
    assert response.json() == {"cleared": 1}
    assert not ListeningPosition.objects.filter(user=alice).exists()
    assert SavedItem.objects.filter(user=alice).exists()


def test_switched_off_history_deletes_it_and_stores_nothing(alice, alice_client, episode):
    save_position(alice_client, episode.pk, 100)
    response = alice_client.post("/listening/history/", {"remember": "0"})
    assert response.json() == {"remember_history": False}
    assert not ListeningPosition.objects.filter(user=alice).exists()

    response = save_position(alice_client, episode.pk, 200)
    assert response.status_code == 200
    assert response.json() == {"stored": False, "remember_history": False}
    assert not ListeningPosition.objects.filter(user=alice).exists()
    assert state(alice_client, episodes=[episode.pk]).json()["remember_history"] is False
    assert "Listening history is off." in alice_client.get("/en/my-listening/").content.decode()

    alice_client.post("/listening/history/", {"remember": "1"})
    save_position(alice_client, episode.pk, 200)
    assert ListeningPosition.objects.filter(user=alice).exists()
    assert alice_client.post("/listening/history/", {"remember": "maybe"}).status_code == 400


# --- My listening ------------------------------------------------------------------------


def test_my_listening_is_private_and_never_cached(alice_client, episode):
    save_position(alice_client, episode.pk, 100)
    response = alice_client.get("/en/my-listening/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Only you can see this page." in html
    assert "In progress · 9 min left" in html


def test_my_listening_forms_work_without_javascript(alice, alice_client, episode):
    save_position(alice_client, episode.pk, 100)
    alice_client.post("/listening/saved/", {"page": episode.pk, "saved": "1"})

    confirm = alice_client.get("/en/my-listening/?confirm=clear").content.decode()
    assert "Clear your listening history?" in confirm
    assert ListeningPosition.objects.filter(user=alice).exists()  # asking deletes nothing

    response = alice_client.post("/en/my-listening/", {"action": "clear"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/my-listening/"
    assert "Your listening history has been cleared." in response.content.decode()
    assert not ListeningPosition.objects.filter(user=alice).exists()

    alice_client.post("/en/my-listening/", {"action": "unsave", "page": episode.pk})
    assert not SavedItem.objects.filter(user=alice).exists()

    alice_client.post("/en/my-listening/", {"action": "history-off"})
    assert ListeningPreference.objects.get(user=alice).remember_history is False
    alice_client.post("/en/my-listening/", {"action": "history-on"})
    assert ListeningPreference.objects.get(user=alice).remember_history is True

    response = alice_client.post("/en/my-listening/", {"action": "nonsense"}, follow=True)
    assert response.status_code == 200


def test_titles_in_the_readers_language_and_resume_across_translations(alice, alice_client):
    """The demo's Swedish episodes are translations sharing the English recording."""
    swedish = (
        EpisodePage.objects.live().filter(locale__language_code="sv", audio__isnull=False).first()
    )
    english = EpisodePage.objects.get(
        translation_key=swedish.translation_key, locale__language_code="en"
    )
    assert english.audio_id == swedish.audio_id
    save_position(alice_client, english.pk, 90, 300)

    data = state(alice_client, episodes=[swedish.pk], lang="sv").json()
    assert data["episodes"][str(swedish.pk)]["position"] == 90  # the Swedish page resumes
    [item] = data["continue_listening"]
    assert item["title"] == swedish.title and item["url"] == swedish.url and item["lang"] == "sv"

    html = alice_client.get("/sv/my-listening/").content.decode()
    assert swedish.title.replace("'", "&#x27;") in html
    assert english.url not in html


def test_my_listening_pages_through_a_long_history(alice, alice_client, show):
    ids = bulk_episodes(show, 45, AudioFileFactory())
    bulk_history(alice, ids)
    first = alice_client.get("/en/my-listening/").content.decode()
    assert first.count('class="listening-marker') == 20 + 6  # recent page + continue listening
    assert "?recent=2" in first
    third = alice_client.get("/en/my-listening/?recent=3").content.decode()
    assert "?recent=2" in third and "?recent=4" not in third
    assert alice_client.get("/en/my-listening/?recent=abc").status_code == 200
    assert alice_client.get("/en/my-listening/?recent=99999999").status_code == 200


# --- Query budget ----------------------------------------------------------------------------


def listener_queries(captured):
    """The queries a request made beyond the session and the user, which every page pays."""
    return [
        query["sql"]
        for query in captured
        if "django_session" not in query["sql"] and 'FROM "auth_user"' not in query["sql"]
    ]


def test_the_state_costs_two_queries_flat_with_history_size(bob, alice, show, episode):
    ids = bulk_episodes(show, 5000, AudioFileFactory())
    bulk_history(alice, ids)
    assert ListeningPosition.objects.filter(user=alice).count() == 5000
    page_ids = [episode.pk, *ids[:20]]
    counts = {}
    for user in (bob, alice):
        client = client_for(user)
        state(client, episodes=page_ids, pages=page_ids)  # warms the shared card cache
        with CaptureQueriesContext(connection) as captured:
            response = state(client, episodes=page_ids, pages=page_ids)
        counts[user.username] = len(listener_queries(captured))
        assert response.status_code == 200
    assert counts == {"bob": 2, "alice": 2}
    data = response.json()
    assert len(data["continue_listening"]) == 6
    assert len(data["episodes"]) == 20


def test_my_listening_queries_are_flat_with_history_size(bob, alice, show):
    ids = bulk_episodes(show, 5000, AudioFileFactory())
    bulk_history(alice, ids)
    for user in (bob, alice):
        SavedItem.objects.create(user=user, page_id=ids[0])
    counts = {}
    for user in (bob, alice):
        client = client_for(user)
        client.get("/en/my-listening/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/en/my-listening/")
        assert response.status_code == 200
        counts[user.username] = len(captured)
    assert counts["alice"] == counts["bob"], counts


def test_the_sql_visibility_rule_agrees_with_visible_pages(
    role_users, episode, private_episode, show
):
    password_page = publish(EpisodePageFactory(parent=show, title="Password"))
    PageViewRestriction.objects.create(
        page=password_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    pages = [episode, private_episode, password_page]
    for user in role_users.values():
        expected = {page.pk for page in visible_pages(pages, user)}
        in_sql = set(
            Page.objects.filter(pk__in=[page.pk for page in pages])
            .filter(visible_to(user, "path"))
            .values_list("pk", flat=True)
        )
        assert in_sql == expected, user


# --- Retention ---------------------------------------------------------------------------


def test_purge_deletes_history_older_than_the_setting(settings, alice, episode, second_episode):
    settings.LISTENING_HISTORY_DAYS = 30
    old = ListeningPosition.objects.create(
        user=alice, episode=episode, position_seconds=5, duration_seconds=60
    )
    new = ListeningPosition.objects.create(
        user=alice, episode=second_episode, position_seconds=5, duration_seconds=60
    )
    ListeningPosition.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=31)
    )
    ListeningPosition.objects.filter(pk=new.pk).update(
        updated_at=timezone.now() - timedelta(days=29)
    )
    SavedItem.objects.create(user=alice, page=episode)
    call_command("purge_listening_history", verbosity=0)
    assert list(ListeningPosition.objects.values_list("pk", flat=True)) == [new.pk]
    assert SavedItem.objects.filter(user=alice).exists()  # saved items are not history

    call_command("purge_listening_history", days=0, verbosity=0)
    assert not ListeningPosition.objects.exists()


def test_the_default_retention_is_a_year():
    from cms.settings import base

    assert base.LISTENING_HISTORY_DAYS == 365


# --- Nobody else's screen lists it ---------------------------------------------------------


def all_url_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_url_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name or ""


def test_no_admin_snippet_report_or_api_url_lists_listening_data(role_users):
    names = {model._meta.model_name for model in LISTENING_MODELS}
    for route, name in all_url_patterns():
        text = (route + " " + name).lower()
        assert not any(model_name in text for model_name in names), route
        assert "listening" not in text or route.startswith("listening/") or "my-listening" in text
    for model in LISTENING_MODELS:
        assert model not in get_snippet_models()
        assert not hasattr(model, "panels") and not hasattr(model, "api_fields")

    # And an administrator searching the admin finds no such screen.
    client = client_for(role_users["Administrators"])
    for url in (
        "/admin/snippets/",
        "/admin/snippets/library/listeningposition/",
        "/admin/snippets/library/saveditem/",
        "/admin/reports/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 302, 404)
        assert b"istening position" not in response.content
        assert b"aved item" not in response.content


# --- The seam with the page cache ------------------------------------------------------------


def test_public_pages_carry_nothing_personal_and_stay_correct_without_javascript(
    alice, alice_client, bob_client, episode, playlist
):
    """Markers, Save buttons and continue listening are empty and hidden in the HTML of every
    listener alike (a cached page can hold them); listening.js fills them from one request."""
    save_position(alice_client, episode.pk, 100)
    alice_client.post("/listening/saved/", {"page": episode.pk, "saved": "1"})
    marker = f'<p class="listening-marker" data-listening-marker="{episode.pk}" hidden></p>'
    for url in (episode.get_parent().url, playlist.url):
        html = alice_client.get(url).content.decode()
        assert marker in html, url
        assert "min left</" not in html and "Listened</" not in html
        assert html.count("data-listening-config") == 1
    for url in (episode.url, playlist.url):
        html = alice_client.get(url).content.decode()
        assert 'aria-pressed="false" hidden' in html  # the Save button, until the script runs
        assert "listening-resume" not in html
    home = alice_client.get("/en/").content.decode()
    if "data-continue-listening" in home:
        assert "data-continue-listening hidden" in home
        assert episode.title not in home.split("data-continue-list")[1].split("</ul>")[0]
