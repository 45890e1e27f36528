"""The listening query budget: flat with history size, and SQL visibility as visible_pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from cms.core.access import visible_pages
from library.factories import AudioFileFactory, EpisodePageFactory
from library.listening.bulk import bulk_episodes, bulk_history
from library.listening.models import ListeningPosition, SavedItem
from library.listening.queries import visible_to
from tests.library.conftest import publish
from tests.library.listening.conftest import client_for, state


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
