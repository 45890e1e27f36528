"""The demo translator finds their work without knowing any admin address: the dashboard's
translation queue, a language's listing, a status filter, then wagtail-localize's own Translate
screen with that language already chosen. Desktop width in English, phone width in Swedish."""

import re

import pytest
from playwright.sync_api import expect

from cms.core.factories import StandardPageFactory
from tests.e2e.test_translation import log_in_as_translator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def untranslated_page(site_tree):
    """An English page with no German translation yet: the queue's "Not translated" row."""
    page = StandardPageFactory(parent=site_tree["en"], title="Sleeping better", slug="sleep")
    page.save_revision().publish()
    return page


# The admin in the translator's own language: the labels the test looks for, per language.
LABELS = {
    "en": {"german": "German", "not_translated": "Not translated", "translate": "Translate"},
    "sv": {"german": "tyska", "not_translated": "Inte översatt", "translate": "Översätt"},
}


@pytest.mark.parametrize(("width", "language"), [(1280, "en"), (390, "sv")])
def test_the_translator_goes_from_the_dashboard_to_translating_an_item(
    live_server, page, width, language
):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    translator = get_user_model().objects.get(username="translator")
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = language
    profile.save()
    labels = LABELS[language]
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as_translator(page, live_server)

    panel = page.locator("#translation-queue-section")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("columnheader", name=labels["not_translated"])).to_be_visible()
    panel.get_by_role("link", name=labels["german"]).click()

    expect(page).to_have_url(re.compile(r"/admin/translation-queue/de/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(labels["german"])
    not_translated = re.compile(rf"^{labels['not_translated']} \(\d+\)$")
    page.get_by_role("link", name=not_translated).click()
    expect(page).to_have_url(re.compile(r"\?status=translate$"))
    rows = page.locator("table.listing tbody tr")
    expect(rows.first).to_be_visible()
    translate = re.compile(rf"^{labels['translate']}")
    # Every row left after the filter says what it is and offers Translate.
    for row in rows.all():
        expect(row).to_contain_text(labels["not_translated"])
        expect(row.get_by_role("link", name=translate)).to_have_count(1)

    title = rows.first.get_by_role("rowheader").inner_text()
    rows.first.get_by_role("link", name=translate).click()

    # wagtail-localize's own screen, German already ticked: one click to create the draft.
    expect(page).to_have_url(
        re.compile(r"/admin/localize/submit/(page|snippet)/.+select_locale=de")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("checkbox", name=labels["german"], exact=False)).to_be_checked()
    # No page scrolls sideways at this width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
