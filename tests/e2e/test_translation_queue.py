"""The demo translator finds their work without knowing any admin address: the dashboard's
translation queue, a language's listing, a status filter, then wagtail-localize's own Translate
screen with that language already chosen. Desktop and phone width."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_translation import log_in_as_translator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_translator_goes_from_the_dashboard_to_translating_an_item(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as_translator(page, live_server)

    panel = page.locator("#translation-queue-section")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("columnheader", name="Not translated")).to_be_visible()
    panel.get_by_role("link", name="German").click()

    expect(page).to_have_url(re.compile(r"/admin/translation-queue/de/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("German")
    page.get_by_role("link", name=re.compile(r"^Not translated \(\d+\)$")).click()
    expect(page).to_have_url(re.compile(r"\?status=translate$"))
    rows = page.locator("table.listing tbody tr")
    expect(rows.first).to_be_visible()
    # Every row left after the filter says what it is and offers Translate.
    for row in rows.all():
        expect(row).to_contain_text("Not translated")
        expect(row.get_by_role("link", name=re.compile(r"^Translate"))).to_have_count(1)

    title = rows.first.get_by_role("rowheader").inner_text()
    rows.first.get_by_role("link", name=re.compile(r"^Translate")).click()

    # wagtail-localize's own screen, German already ticked: one click to create the draft.
    expect(page).to_have_url(
        re.compile(r"/admin/localize/submit/(page|snippet)/.+select_locale=de")
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(page.get_by_role("checkbox", name="German")).to_be_checked()
    # No page scrolls sideways at this width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
