"""Saved items, clearing and switching off history, and the My listening page."""

from library.factories import AudioFileFactory
from library.listening.bulk import bulk_episodes, bulk_history
from library.listening.models import ListeningPosition, ListeningPreference, SavedItem
from library.models import EpisodePage
from tests.library.listening.conftest import save_position, state
from tests.translation_support import translated_listener_pages

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


def test_titles_in_the_readers_language_and_resume_across_translations(
    alice, alice_client, site_tree
):
    """A Swedish episode translated through wagtail-localize shares the English recording."""
    translated_listener_pages(site_tree, ["sv"])
    swedish = (
        EpisodePage.objects.live().filter(locale__language_code="sv", audio__isnull=False).first()
    )
    english = EpisodePage.objects.get(
        translation_key=swedish.translation_key, locale__language_code="en"
    )
    assert english.audio_id == swedish.audio_id
    assert english.title != swedish.title
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
