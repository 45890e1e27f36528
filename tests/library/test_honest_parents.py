"""Issue #14, "honest parents": translating an episode whose show has no translation yet makes
wagtail-localize (through Wagtail's copy_for_translation) create the Swedish show as an alias of
the English one. Its text stays English, so wherever it is shown it says so (`lang`, "(in
English)"), and it waits in the Swedish work queue until someone translates it."""

import pytest
from wagtail.models import Locale

from cms.core.demo import translate_demo_object
from cms.translation_queue.queue import COPY, TRANSLATE
from library.models import LibraryIndexPage, PodcastShowPage
from tests.test_translation_queue import queue_item, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish():
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def swedish_show_alias(episode, show, swedish):
    assert not PodcastShowPage.objects.filter(
        translation_key=show.translation_key, locale=swedish
    ).exists()
    translate(episode, swedish)
    alias = PodcastShowPage.objects.get(translation_key=show.translation_key, locale=swedish)
    assert alias.alias_of_id == show.pk  # what Wagtail 8 makes of a missing parent
    return alias


def test_the_parent_made_to_hold_a_translation_is_marked_english_in_the_swedish_library(
    client, employee, swedish_show_alias, swedish
):
    client.force_login(employee)
    library = LibraryIndexPage.objects.filter(locale=swedish).live().first()
    assert swedish_show_alias.get_parent().pk == library.pk
    html = client.get(library.url).content.decode()

    assert f'lang="en">{swedish_show_alias.title}</a>' in html
    note = html.split(f'lang="en">{swedish_show_alias.title}</a>', 1)[1].split("</h3>", 1)[0]
    assert "data-language-note" in note and "(på engelska)" in note


def test_the_alias_page_itself_carries_the_source_language(client, employee, swedish_show_alias):
    client.force_login(employee)
    html = client.get(swedish_show_alias.url).content.decode()

    assert f'<h1 lang="en">{swedish_show_alias.title}</h1>' in html


def test_a_page_translated_for_real_is_not_marked(client, employee, swedish, library_index):
    translate_demo_object(library_index, swedish, {library_index.title: "Lyssna"})
    library = LibraryIndexPage.objects.filter(locale=swedish).live().get()
    assert library.alias_of_id is None
    assert library.title == "Lyssna"
    client.force_login(employee)
    html = client.get(library.url).content.decode()

    assert f"<h1>{library.title}</h1>" in html


def test_the_alias_waits_in_the_swedish_work_queue(swedish_show_alias, show, swedish):
    item = queue_item(show, swedish)

    assert item is not None and item.status in {COPY, TRANSLATE}
