"""Playlist notes are translated: each item's note is a segment of the playlist's
translation, while the list itself (which episodes, in which order) follows the source on every
sync. Everything goes through wagtail-localize's own code and admin views."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from cms.core.factories import UserFactory
from library.factories import AudioFileFactory, EpisodePageFactory, PlaylistPageFactory
from library.models import PlaylistItem, PlaylistPage

from .conftest import publish

pytestmark = pytest.mark.django_db

NOTES = ["Start with this one.", "Then try this on a walk.", "Keep this for a quiet evening."]
SWEDISH_NOTES = {
    "Start with this one.": "Börja med det här.",
    "Then try this on a walk.": "Prova sedan det här på en promenad.",
    "Keep this for a quiet evening.": "Spara det här till en lugn kväll.",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="playlist-admin", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def swedish():
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def playlist(library_index, show):
    """An English playlist of three heard episodes, each with a note."""
    page = PlaylistPageFactory(parent=library_index, title="Evening walk")
    for order, note in enumerate(NOTES):
        episode = publish(
            EpisodePageFactory(
                parent=show,
                title=f"Walk episode {order}",
                audio=AudioFileFactory(title=f"Walk audio {order}"),
            )
        )
        page.items.add(PlaylistItem(episode=episode, note=note, sort_order=order))
    return publish(page)


def submit_for_translation(admin_client, page, locale):
    """The admin's "Translate" action; it creates the (draft) translated page."""
    response = admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def translate_strings(translation, strings):
    """What a translator's edits in the translation editor store: one StringTranslation each."""
    segments = StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )
    for segment in segments:
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                defaults={"data": strings[segment.string.data]},
            )


def publish_translation(translation, django_capture_on_commit_callbacks):
    # wagtail-localize publishes the new revision when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    return translation.get_target_instance().specific


def sync(admin_client, page, django_capture_on_commit_callbacks):
    """The admin's "Sync translated pages", publishing the translations at once."""
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302


def notes_of(page):
    return list(
        PlaylistPage.objects.get(pk=page.pk)
        .items.order_by("sort_order")
        .values_list("note", flat=True)
    )


def rendered_notes(client, page):
    html = client.get(page.url).content.decode()
    return re.findall(r'<p class="playlist__note">([^<]*)</p>', html)


def test_each_note_is_offered_to_translators_and_the_episode_is_not(playlist):
    source, _created = TranslationSource.get_or_create_from_instance(playlist)

    segments = {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
    }
    items = list(playlist.items.order_by("sort_order"))
    for item, note in zip(items, NOTES, strict=True):
        assert segments[f"items.{item.translation_key}.note"] == note
    # The episodes are carried over from the source, not translated or overridden.
    assert not any(path.endswith(".episode") for path in segments)
    assert not source.overridablesegment_set.filter(context__path__startswith="items.").exists()


def test_an_empty_note_is_not_a_segment(playlist):
    item = playlist.items.order_by("sort_order").first()
    item.note = ""
    playlist.save_revision().publish()

    source, _created = TranslationSource.get_or_create_from_instance(
        PlaylistPage.objects.get(pk=playlist.pk)
    )

    paths = set(source.stringsegment_set.values_list("context__path", flat=True))
    assert f"items.{item.translation_key}.note" not in paths
    assert len([path for path in paths if path.startswith("items.")]) == 2


def test_the_swedish_playlist_shows_translated_notes(
    admin_client, client, employee, playlist, swedish, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin_client, playlist, swedish)
    translate_strings(translation, SWEDISH_NOTES)

    swedish_page = publish_translation(translation, django_capture_on_commit_callbacks)

    assert swedish_page.locale == swedish and swedish_page.live
    english_items = list(playlist.items.order_by("sort_order"))
    swedish_items = list(swedish_page.items.order_by("sort_order"))
    # Same items (shared translation keys), in the page's locale, on the same episodes.
    assert [i.translation_key for i in swedish_items] == [i.translation_key for i in english_items]
    assert {i.locale_id for i in swedish_items} == {swedish.pk}
    assert [i.episode_id for i in swedish_items] == [i.episode_id for i in english_items]
    assert notes_of(playlist) == NOTES
    client.force_login(employee)
    assert rendered_notes(client, swedish_page) == [SWEDISH_NOTES[note] for note in NOTES]
    assert rendered_notes(client, playlist) == NOTES


def test_the_translation_editor_lists_the_notes(admin_client, playlist, swedish):
    translation = submit_for_translation(admin_client, playlist, swedish)
    target = translation.get_target_instance()

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[target.pk]))

    assert response.status_code == 200
    props = json.loads(
        re.search(r'data-props="([^"]*)"', response.content.decode())
        .group(1)
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )
    sources = {segment["source"] for segment in props["segments"] if segment["type"] == "string"}
    assert set(NOTES) <= sources


def test_an_item_added_to_the_source_reaches_the_translation_with_the_source_note(
    admin_client, playlist, show, swedish, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin_client, playlist, swedish)
    translate_strings(translation, SWEDISH_NOTES)
    publish_translation(translation, django_capture_on_commit_callbacks)

    english = PlaylistPage.objects.get(pk=playlist.pk)
    extra = publish(EpisodePageFactory(parent=show, title="Walk episode extra"))
    english.items.add(PlaylistItem(episode=extra, note="A new one for the road.", sort_order=3))
    english.save_revision().publish()
    sync(admin_client, english, django_capture_on_commit_callbacks)

    swedish_page = translation.get_target_instance().specific
    expected = [SWEDISH_NOTES[note] for note in NOTES]
    # Until it is translated, the new item carries the source's note.
    assert notes_of(swedish_page) == [*expected, "A new one for the road."]
    assert swedish_page.items.order_by("sort_order").last().episode_id == extra.pk

    translation = Translation.objects.get(pk=translation.pk)  # its source was updated by sync
    translate_strings(translation, {"A new one for the road.": "En ny för vägen."})
    publish_translation(translation, django_capture_on_commit_callbacks)

    assert notes_of(swedish_page) == [*expected, "En ny för vägen."]


def test_reordering_the_source_reorders_the_translation(
    admin_client, client, employee, playlist, swedish, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin_client, playlist, swedish)
    translate_strings(translation, SWEDISH_NOTES)
    swedish_page = publish_translation(translation, django_capture_on_commit_callbacks)
    swedish_pks = set(swedish_page.items.values_list("pk", flat=True))

    english = PlaylistPage.objects.get(pk=playlist.pk)
    items = list(english.items.all())
    for item in items:
        item.sort_order = 2 - item.sort_order  # reversed, as dragging them in the editor does
    english.items = items
    english.save_revision().publish()
    sync(admin_client, english, django_capture_on_commit_callbacks)

    reversed_notes = [SWEDISH_NOTES[note] for note in reversed(NOTES)]
    assert notes_of(swedish_page) == reversed_notes
    english_episodes = list(
        english.items.order_by("sort_order").values_list("episode_id", flat=True)
    )
    swedish_episodes = list(
        swedish_page.items.order_by("sort_order").values_list("episode_id", flat=True)
    )
    assert swedish_episodes == english_episodes
    # The translated items are updated in place, not replaced.
    assert set(swedish_page.items.values_list("pk", flat=True)) == swedish_pks
    client.force_login(employee)
    assert rendered_notes(client, translation.get_target_instance()) == reversed_notes


def test_removing_an_item_from_the_source_removes_it_from_the_translation(
    admin_client, playlist, swedish, django_capture_on_commit_callbacks
):
    translation = submit_for_translation(admin_client, playlist, swedish)
    translate_strings(translation, SWEDISH_NOTES)
    swedish_page = publish_translation(translation, django_capture_on_commit_callbacks)

    english = PlaylistPage.objects.get(pk=playlist.pk)
    english.items.remove(english.items.get(sort_order=1))
    english.save_revision().publish()
    sync(admin_client, english, django_capture_on_commit_callbacks)

    assert notes_of(swedish_page) == [SWEDISH_NOTES[NOTES[0]], SWEDISH_NOTES[NOTES[2]]]


# What the demo builder (cms.core.demo.translate_demo_object) does with a playlist: its notes
# and its introduction, which has an ampersand, translated into each language.
START_HERE_INTRODUCTION = "New to Heart & Soul? Three conversations to start with."
START_HERE_NOTE = "A good first listen: how one question can open up."
START_HERE_TRANSLATIONS = {
    "sv": {
        START_HERE_NOTE: "Bra att börja med: hur en enda fråga kan öppna upp.",
        START_HERE_INTRODUCTION: "Ny på Heart & Soul? Tre samtal att börja med.",
    },
    "es": {
        START_HERE_NOTE: "Para empezar: cómo una sola pregunta puede abrir la conversación.",
        START_HERE_INTRODUCTION: "¿Eres nuevo en Heart & Soul? Tres conversaciones para empezar.",
    },
}


@pytest.fixture
def start_here(library_index, show):
    """An English "Start here" playlist translated into Swedish and Spanish the way the demo
    builder translates its own (translate_demo_object), the library first."""
    from cms.core.demo import translate_demo_object

    page = PlaylistPageFactory(
        parent=library_index,
        title="Start here",
        slug="start-here",
        introduction=START_HERE_INTRODUCTION,
    )
    for order, note in enumerate([START_HERE_NOTE, "", NOTES[1]]):
        episode = publish(EpisodePageFactory(parent=show, title=f"Start episode {order}"))
        page.items.add(PlaylistItem(episode=episode, note=note, sort_order=order))
    page = publish(page)
    for code, strings in START_HERE_TRANSLATIONS.items():
        locale = Locale.objects.get(language_code=code)
        translate_demo_object(library_index, locale, {})
        translate_demo_object(page, locale, strings)
    return page


@pytest.mark.parametrize(
    "language, note",
    [
        ("sv", "Bra att börja med: hur en enda fråga kan öppna upp."),
        ("es", "Para empezar: cómo una sola pregunta puede abrir la conversación."),
    ],
)
def test_the_demo_playlist_notes_are_translated(client, employee, start_here, language, note):
    page = PlaylistPage.objects.live().get(
        locale__language_code=language,
        translation_key=PlaylistPage.objects.get(
            locale__language_code="en", slug="start-here"
        ).translation_key,
    )
    client.force_login(employee)
    notes = rendered_notes(client, page)
    assert notes[0] == note
    assert "A good first listen: how one question can open up." not in notes


@pytest.mark.parametrize(
    ("language", "introduction"),
    [
        ("sv", "Ny på Heart & Soul? Tre samtal att börja med."),
        ("es", "¿Eres nuevo en Heart & Soul? Tres conversaciones para empezar."),
    ],
)
def test_the_demo_playlist_introduction_is_translated_despite_its_ampersand(
    start_here, language, introduction
):
    """wagtail-localize stores a text field's segment HTML-escaped ("Heart &amp; Soul"): the
    demo builder must still find and apply its translation."""
    playlist = PlaylistPage.objects.get(locale__language_code=language, live=True)
    assert playlist.introduction == introduction
