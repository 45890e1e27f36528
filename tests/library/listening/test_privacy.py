"""Listening stays private: two listeners apart, retention, no screen lists it, no cached trace."""

from datetime import timedelta

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.snippets.models import get_snippet_models

from library.listening.models import ListeningPosition, SavedItem
from tests.library.listening.conftest import LISTENING_MODELS, client_for, save_position, state

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
