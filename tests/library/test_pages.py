"""Library page types: tree rules, the transcript rule, what listeners see, and query budgets."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.core.models import HomePage
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    PlaylistItemFactory,
    PlaylistPageFactory,
    TranscriptFactory,
)
from library.models import (
    EpisodePage,
    LibraryIndexPage,
    PlaylistPage,
    PodcastShowPage,
)
from tests.library.conftest import publish


class TestLibraryTree(WagtailPageTestCase):
    def test_library_index_sits_under_a_home_page(self):
        self.assertAllowedParentPageTypes(LibraryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(LibraryIndexPage, {PodcastShowPage, PlaylistPage})

    def test_shows_hold_episodes_and_episodes_hold_nothing(self):
        self.assertAllowedParentPageTypes(PodcastShowPage, {LibraryIndexPage})
        self.assertAllowedSubpageTypes(PodcastShowPage, {EpisodePage})
        self.assertAllowedParentPageTypes(EpisodePage, {PodcastShowPage})
        self.assertAllowedSubpageTypes(EpisodePage, set())

    def test_playlists_live_in_the_library(self):
        self.assertAllowedParentPageTypes(PlaylistPage, {LibraryIndexPage})
        self.assertAllowedSubpageTypes(PlaylistPage, set())


@pytest.mark.django_db
def test_one_library_index_per_language_home(library_index):
    assert not LibraryIndexPage.can_create_at(library_index.get_parent())


@pytest.mark.django_db
def test_an_episode_without_transcript_cannot_be_published(show):
    episode = EpisodePageFactory(parent=show, title="No words yet", transcript=None, live=False)
    revision = episode.save_revision()  # a draft is fine

    with pytest.raises(ValidationError) as raised:
        revision.publish()
    assert "WCAG 2.2" in str(raised.value)
    episode.refresh_from_db()
    assert not episode.live


def episode_form_data(show, audio, transcript=None, title="A new episode"):
    return nested_form_data(
        {
            "title": title,
            "slug": "a-new-episode",
            "introduction": "",
            "content_notes": "",
            "episode_number": "4",
            "season_number": "",
            "publish_date": "2026-11-20",
            "audio": audio.pk,
            "transcript": transcript.pk if transcript else "",
            "summary": rich_text(""),
            "chapters": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
def test_admin_refuses_to_publish_an_episode_without_transcript_but_saves_a_draft(
    client, admin_user, show
):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=("library", "episodepage", show.pk))
    audio = AudioFileFactory()

    publish_attempt = client.post(
        url, {**episode_form_data(show, audio), "action-publish": "action-publish"}
    )
    assert publish_attempt.status_code == 200
    assert "Add a transcript before publishing" in publish_attempt.content.decode()
    assert not EpisodePage.objects.filter(title="A new episode").exists()

    draft = client.post(url, episode_form_data(show, audio))
    assert draft.status_code == 302
    saved = EpisodePage.objects.get(title="A new episode")
    assert not saved.live

    with_transcript = client.post(
        reverse("wagtailadmin_pages:edit", args=(saved.pk,)),
        {
            **episode_form_data(show, audio, TranscriptFactory()),
            "action-publish": "action-publish",
        },
    )
    assert with_transcript.status_code == 302
    saved.refresh_from_db()
    assert saved.live


@pytest.mark.django_db
def test_admin_refuses_to_publish_an_episode_whose_transcript_is_unpublished(
    client, admin_user, show
):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:add", args=("library", "episodepage", show.pk))
    unreviewed = TranscriptFactory(title="Unreviewed words", live=False)
    form = {**episode_form_data(show, AudioFileFactory(), unreviewed)}

    publish_attempt = client.post(url, {**form, "action-publish": "action-publish"})
    assert publish_attempt.status_code == 200
    refusal = publish_attempt.content.decode()
    assert "“Unreviewed words” is not published yet" in refusal
    assert "Submit the episode for review instead" in refusal  # (submitting takes it along:
    # tests/library/test_episode_review.py)
    assert not EpisodePage.objects.filter(title="A new episode").exists()

    assert client.post(url, form).status_code == 302  # a draft may wait for the transcript
    unreviewed.save_revision().publish()
    saved = EpisodePage.objects.get(title="A new episode")
    published = client.post(
        reverse("wagtailadmin_pages:edit", args=(saved.pk,)),
        {**form, "action-publish": "action-publish"},
    )
    assert published.status_code == 302
    saved.refresh_from_db()
    assert saved.live


@pytest.mark.django_db
def test_episode_page_has_an_accessible_player_and_transcript(client, employee, episode):
    client.force_login(employee)
    html = client.get(episode.url).content.decode()

    assert '<audio controls preload="metadata"' in html
    assert "autoplay" not in html
    assert episode.audio.get_delivery_url() in html
    assert f"Length: <span data-duration-text>{episode.audio.duration_text}</span>" in html
    assert html.index("Mentions exhaustion and burnout.") < html.index("<audio")
    assert 'data-seek="1.5"' in html and "Let&#x27;s talk about rest." in html
    assert "The audio is in" not in html  # same language


@pytest.mark.django_db
def test_translated_episode_says_which_language_the_audio_is_in(client, employee, episode):
    swedish = Locale.objects.get(language_code="sv")
    show_sv = episode.get_parent().specific
    library_sv = show_sv.get_parent().specific
    if library_sv.get_translation_or_none(swedish) is None:  # the demo has a Swedish library
        library_sv.copy_for_translation(swedish, copy_parents=True).save_revision().publish()
    show_copy = show_sv.copy_for_translation(swedish)
    show_copy.save_revision().publish()
    translated = episode.copy_for_translation(swedish)
    translated.save_revision().publish()

    client.force_login(employee)
    html = client.get(translated.url).content.decode()

    # The language is named in the page's language ("engelska" on a Swedish page).
    assert re.search(r"Ljudet är på [Ee]ngelska\.", html)
    assert episode.audio.get_delivery_url() in html


def build_playlist(library_index, show, count):
    playlist = PlaylistPageFactory(parent=library_index, title=f"Mix of {count}")
    for number in range(count):
        episode = EpisodePageFactory(
            parent=show,
            title=f"Mix {count} episode {number}",
            audio=AudioFileFactory(title=f"Mix {count} audio {number}"),
        )
        publish(episode)
        PlaylistItemFactory(playlist=playlist, episode=episode, sort_order=number)
    return publish(playlist)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_playlist_queries_do_not_grow_with_its_length(client, employee, library_index, show):
    client.force_login(employee)
    short = build_playlist(library_index, show, 5)
    long = build_playlist(library_index, show, 50)
    client.get(short.url)  # warm the site root cache

    assert count_queries(client, long.url) <= count_queries(client, short.url)


@pytest.mark.django_db
def test_playlist_lists_items_in_order_and_leaves_out_what_cannot_be_heard(
    client, employee, library_index, show
):
    playlist = PlaylistPageFactory(parent=library_index, title="Evening")
    first = publish(EpisodePageFactory(parent=show, title="First light"))
    hidden = publish(EpisodePageFactory(parent=show, title="Taken down"))
    second = publish(EpisodePageFactory(parent=show, title="Second wind"))
    for order, episode in enumerate([second, hidden, first]):
        PlaylistItemFactory(playlist=playlist, episode=episode, sort_order=order, note="")
    publish(playlist)
    hidden.unpublish()

    client.force_login(employee)
    response = client.get(playlist.url)
    html = response.content.decode()

    assert [entry.episode.pk for entry in response.context["entries"]] == [second.pk, first.pk]
    assert html.index("Second wind") < html.index("First light")
    assert "Taken down" not in html
    total = second.audio.duration_seconds + first.audio.duration_seconds
    assert response.context["total_duration"] == f"0:{round(total):02d}"
    assert "2 episodes" in html


@pytest.mark.django_db
def test_playlist_preview_lists_the_draft_items_and_the_site_the_published_ones(
    client, library_index, show, admin_user
):
    from library.models import PlaylistItem
    from tests.workflow_support import edit_form_data

    playlist = PlaylistPageFactory(parent=library_index, title="Drafting")
    kept = publish(EpisodePageFactory(parent=show, title="Already listed"))
    PlaylistItemFactory(playlist=playlist, episode=kept, sort_order=0, note="")
    publish(playlist)
    added = publish(EpisodePageFactory(parent=show, title="Added in the draft"))
    draft = playlist.get_latest_revision_as_object()
    draft.items.add(PlaylistItem(episode=added, sort_order=1, note="Listen to this one next"))
    draft.save_revision()

    editor = admin_user
    client.force_login(editor)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[playlist.pk])
    assert client.post(preview_url, edit_form_data(playlist, editor)).json()["is_valid"]
    preview = client.get(preview_url).content.decode()
    live = client.get(playlist.url).content.decode()

    assert "Added in the draft" in preview and "Listen to this one next" in preview
    assert "Already listed" in preview and "Already listed" in live
    assert "Added in the draft" not in live


@pytest.mark.django_db
def test_library_index_lists_shows_and_playlists(client, employee, library_index, show):
    playlist = build_playlist(library_index, show, 1)
    client.force_login(employee)
    html = client.get(library_index.url).content.decode()
    assert show.title in html
    assert playlist.title in html
