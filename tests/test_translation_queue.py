"""The translator's work queue (cms/translation_queue): what needs translating or updating in
each language, the actions that start wagtail-localize's flow, who may see it, and its cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from cms.core.factories import StandardPageFactory, TopicFactory
from cms.translation_queue.queue import COPY, IN_PROGRESS, TRANSLATE, UPDATE, WorkQueue

pytestmark = pytest.mark.django_db


def translate(obj, locale, *, leave_untranslated=0):
    """Translate `obj` into `locale` through wagtail-localize, every segment but the last
    `leave_untranslated`, and publish the translation."""
    source, _created = TranslationSource.get_or_create_from_instance(obj)
    segments = list(source.stringsegment_set.select_related("string", "context").order_by("pk"))
    for segment in segments[: len(segments) - leave_untranslated]:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=f"[{locale.language_code}] {segment.string.data}",
        )
    translation = Translation.objects.create(source=source, target_locale=locale)
    translation.save_target(publish=True)
    return len(segments)


def queue_item(obj, locale):
    title = getattr(obj, "title", None) or str(obj)
    matches = [item for item in WorkQueue([locale]).items if item.title == title]
    assert len(matches) <= 1, matches
    return matches[0] if matches else None


@pytest.fixture
def swedish():
    return Locale.objects.get(language_code="sv")


@pytest.fixture
def german():
    return Locale.objects.get(language_code="de")


@pytest.fixture
def page(site_tree):
    page = StandardPageFactory(parent=site_tree["en"], title="Burnout: what to look for")
    page.save_revision().publish()
    return page


def test_a_page_never_translated_waits_with_a_translate_action(page, swedish):
    item = queue_item(page, swedish)

    assert item.status == TRANSLATE
    assert item.kind == "standard page"
    path = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert item.translate_url == f"{path}?select_locale=sv"


def test_a_fully_translated_page_leaves_that_languages_queue_only(page, swedish, german):
    translate(page, swedish)

    assert queue_item(page, swedish) is None
    assert queue_item(page, german).status == TRANSLATE


def test_untranslated_segments_are_counted(page, swedish):
    total = translate(page, swedish, leave_untranslated=2)

    item = queue_item(page, swedish)
    assert item.status == IN_PROGRESS
    assert (item.segments_left, item.segments_total) == (2, total)
    swedish_page = page.get_translation(swedish)
    assert item.target_edit_url == reverse("wagtailadmin_pages:edit", args=[swedish_page.pk])


def test_a_source_published_again_after_translation_asks_for_an_update(page, swedish):
    translate(page, swedish)
    page.title = "Burnout: the signs to look for"
    page.save_revision().publish()

    item = queue_item(page, swedish)
    assert item.status == UPDATE
    source = TranslationSource.objects.get(object_id=page.translation_key)
    assert item.update_url == reverse("wagtail_localize:update_translations", args=[source.pk])


def test_a_plain_copy_made_without_wagtail_localize_is_listed_as_a_copy(page, swedish):
    page.copy_for_translation(swedish, copy_parents=False)

    item = queue_item(page, swedish)
    assert item.status == COPY
    assert item.target_edit_url


def test_drafts_are_not_listed(site_tree, swedish):
    draft = StandardPageFactory(parent=site_tree["en"], title="Not yet live", live=False)
    assert queue_item(draft, swedish) is None


def test_translatable_snippets_are_listed_with_the_snippet_translate_action(swedish):
    topic = TopicFactory(name="Loneliness at work")

    item = WorkQueue([swedish]).items
    item = next(entry for entry in item if entry.title == "Loneliness at work")
    assert item.status == TRANSLATE
    assert item.kind == "topic"
    path = reverse("wagtail_localize:submit_snippet_translation", args=["core", "topic", topic.pk])
    assert item.translate_url == f"{path}?select_locale=sv"


def test_the_queue_costs_the_same_queries_for_few_and_many_items(site_tree):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            WorkQueue().by_language()
        return len(captured)

    # Few: one page and one topic, each with a translation wagtail-localize tracks, so every
    # query of the kinds added below already runs.
    swedish = Locale.objects.get(language_code="sv")
    translate(StandardPageFactory(parent=site_tree["en"], title="First page"), swedish)
    translate(TopicFactory(name="First topic"), swedish)
    before = queries()
    for number in range(5):
        page = StandardPageFactory(parent=site_tree["en"], title=f"Extra {number}")
        page.save_revision().publish()
        TopicFactory(name=f"Extra topic {number}")
    translate(page, swedish, leave_untranslated=1)

    assert queries() == before


# --- Who sees it ---------------------------------------------------------------------------

# Wagtail answers a refused admin view with a redirect to the dashboard and a message.
ROLE_MAY_OPEN = {
    "Translators": True,
    "Administrators": True,
    "Editors": False,
    "Wellbeing reviewers": False,
}


@pytest.mark.parametrize(("role", "may_open"), ROLE_MAY_OPEN.items())
def test_who_may_open_the_queue(client, role_users, role, may_open):
    client.force_login(role_users[role])
    response = client.get("/admin/translation-queue/sv/")
    if may_open:
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_employees_are_sent_to_log_in_to_the_admin(client, employee):
    client.force_login(employee)
    response = client.get("/admin/translation-queue/sv/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(("role", "shown"), [("Translators", True), ("Editors", False)])
def test_the_dashboard_panel_and_menu_item_are_for_translators(client, role_users, role, shown):
    client.force_login(role_users[role])
    html = client.get("/admin/").content.decode()
    assert ('id="translation-queue-section"' in html) is shown
    assert ("/admin/translation-queue/" in html) is shown


def test_the_index_opens_the_first_other_language(client, role_users):
    client.force_login(role_users["Translators"])
    response = client.get("/admin/translation-queue/")
    first = Locale.objects.exclude(language_code="en").order_by("pk").first()
    assert response["Location"] == f"/admin/translation-queue/{first.language_code}/"


@pytest.mark.parametrize("language", ["en", "xx", "sv%00"])
def test_the_default_or_an_unknown_language_is_a_404(client, role_users, language):
    client.force_login(role_users["Translators"])
    # An admin 404 outside a language prefix is sent on to /en/… first (LocaleMiddleware).
    response = client.get(f"/admin/translation-queue/{language}/", follow=True)
    assert response.status_code in (400, 404)


def test_the_listing_shows_the_item_and_filters_by_status(client, role_users, page, swedish):
    client.force_login(role_users["Translators"])

    listing = client.get("/admin/translation-queue/sv/").content.decode()
    assert "Burnout: what to look for" in listing
    assert f"/admin/localize/submit/page/{page.pk}/?select_locale=sv" in listing

    updates_only = client.get("/admin/translation-queue/sv/?status=update").content.decode()
    assert "Burnout: what to look for" not in updates_only
    # A status nobody knows shows everything rather than failing.
    assert client.get("/admin/translation-queue/sv/?status=%5B%5D").status_code == 200
