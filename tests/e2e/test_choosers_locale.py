"""Choosers in the page's language (issue #14), in the browser: the demo editor opens the topic
chooser on an English campaign and sees only English topics; on a new Swedish campaign, only
Swedish ones (the modal opens filtered to the locale of the page being edited)."""

import re

import pytest
from playwright.sync_api import expect

from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def topic_names(language_code):
    from cms.core.taxonomy import Topic

    return sorted(
        Topic.objects.filter(locale__language_code=language_code).values_list("name", flat=True)
    )


def open_topic_chooser(page):
    page.get_by_role("button", name="Add topics").click()
    modal = page.locator(".modal-content")
    expect(modal.get_by_role("heading", name=re.compile("Choose"))).to_be_visible()
    expect(modal.locator("[data-chooser-modal-select], table").first).to_be_visible()
    return modal


def listed_names(modal):
    return sorted(name.strip() for name in modal.locator("tbody td.title").all_inner_texts())


def test_the_topic_chooser_lists_the_edited_pages_language_only(live_server, page, listener_site):
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.factories import TopicFactory

    for pages, name in ((listener_site["en"], "Loneliness"), (listener_site["sv"], "Ensamhet")):
        TopicFactory(locale=pages.home.locale, name=name)

    english_campaign = CampaignPage.objects.filter(locale__language_code="en").first()
    swedish_index = CampaignIndexPage.objects.get(locale__language_code="sv")
    english, swedish = topic_names("en"), topic_names("sv")

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in|Log in")).click()

    page.goto(f"{live_server.url}/admin/pages/{english_campaign.pk}/edit/")
    modal = open_topic_chooser(page)
    expect(modal.locator("tbody tr")).to_have_count(len(english))
    assert listed_names(modal) == english
    expect(modal.get_by_label("Locale")).to_have_value("en")

    page.goto(f"{live_server.url}/admin/pages/add/campaigns/campaignpage/{swedish_index.pk}/")
    modal = open_topic_chooser(page)
    expect(modal.locator("tbody tr")).to_have_count(len(swedish))
    assert listed_names(modal) == swedish
    assert "Sömn" in listed_names(modal) and "Sleep" not in listed_names(modal)
