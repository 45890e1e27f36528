"""The demo translator opens the translation editor (for the Swedish campaign, and for a support
resource), translates a segment and submits the translation for review (nothing goes live)."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from campaigns.models import CampaignPage
from cms.core.demo import translate_demo_object
from cms.core.factories import PillarFactory
from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD
from tests.trees import published

# Transactional: the live server's thread must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_TITLE = "Vi pratar om utbrändhet i hela oktober"


@pytest.fixture
def swedish_campaign(site_tree):
    """An English campaign, translated into Swedish through wagtail-localize (its pillar and
    the campaign index too, as a translator would have done first)."""
    swedish = Locale.objects.get(language_code="sv")
    pillar = PillarFactory(title="Talk about it")
    translate_demo_object(pillar, swedish, {"Talk about it": "Prata om det"})
    index = published(CampaignIndexPageFactory(parent=site_tree["en"]))
    translate_demo_object(index, swedish, {"Campaigns": "Kampanjer"})
    campaign = published(
        CampaignPageFactory(parent=index, title="Let's talk about burnout", pillar=pillar)
    )
    return translate_demo_object(
        campaign, swedish, {"Let's talk about burnout": "Vi pratar om utbrändhet"}
    )


def log_in_as_translator(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("translator")
    page.get_by_label("Password").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def translate_segment(page, source_text, button, new_text, current_text=None):
    """In wagtail-localize's editor, open the segment showing `source_text` with its `button`
    ("Edit" or "Translate"), type `new_text` and save it."""
    segment = page.locator("li", has_text=source_text).filter(
        has=page.get_by_role("button", name=button)
    )
    segment.first.get_by_role("button", name=button).click()
    # Only the segment being edited has a text box and a Save button.
    editor = page.locator("textarea")
    expect(editor).to_have_count(1)
    if current_text is not None:
        expect(editor).to_have_value(current_text)
    editor.fill(new_text)
    # The editor may still be loading its chooser previews (which write image renditions):
    # the save must wait for them, not fail (it did on SQLite; see tests/test_sqlite_concurrency).
    with page.expect_response(lambda response: response.request.method == "PUT") as saved:
        page.get_by_role("button", name="Save").click()
    assert saved.value.ok, (saved.value.status, saved.value.text()[:500])


def test_the_demo_translator_translates_a_segment_and_submits_it(
    live_server, page, swedish_campaign
):
    campaign = swedish_campaign
    assert campaign.title == "Vi pratar om utbrändhet" and campaign.live
    live_revision = campaign.live_revision_id

    log_in_as_translator(page, live_server)
    page.goto(f"{live_server.url}/admin/pages/{campaign.pk}/edit/")
    # wagtail-localize's translation editor: the source next to its Swedish translation.
    translate_segment(
        page, "Vi pratar om utbrändhet", "Edit", NEW_TITLE, current_text="Vi pratar om utbrändhet"
    )
    expect(page.get_by_text(NEW_TITLE).first).to_be_visible()
    # Turning the translation into an alias would publish the English page in its place.
    alias_button = page.get_by_text("Convert to alias page")
    expect(alias_button).to_have_count(1)  # wagtail-localize renders it...
    expect(alias_button).to_be_hidden()  # ...and our stylesheet hides it from translators

    with page.expect_navigation():
        page.get_by_role("button", name="Submit translation for review").click()

    campaign.refresh_from_db()
    state = campaign.current_workflow_state
    assert state is not None and state.requested_by.username == "translator"
    assert campaign.get_latest_revision().as_object().title == NEW_TITLE
    assert campaign.live_revision_id == live_revision  # nothing went live
    assert CampaignPage.objects.get(pk=campaign.pk).title == "Vi pratar om utbrändhet"


def test_the_demo_translator_sends_a_support_resource_translation_to_review(live_server, page):
    from cms.support.factories import SupportResourceFactory
    from cms.support.models import SupportResource

    source = SupportResourceFactory(
        title="Walk and talk", description="A walk with a colleague, once a week."
    )
    swedish = translate_demo_object(
        source, Locale.objects.get(language_code="sv"), {"Walk and talk": "Gå och prata"}
    )
    assert swedish.live

    log_in_as_translator(page, live_server)
    page.goto(f"{live_server.url}/admin/snippets/support/supportresource/edit/{swedish.pk}/")
    # Not translated yet: the segment offers "Translate".
    translate_segment(
        page,
        "A walk with a colleague, once a week.",
        "Translate",
        "En promenad med en kollega, en gång i veckan.",
    )

    with page.expect_navigation():
        page.get_by_role("button", name="Submit translation for review").click()
    expect(page.get_by_text("was sent for review")).to_be_visible()

    swedish = SupportResource.objects.get(pk=swedish.pk)
    assert swedish.live and swedish.description == "A walk with a colleague, once a week."
    assert swedish.current_workflow_state.requested_by.username == "translator"
    assert swedish.get_latest_revision_as_object().description == (
        "En promenad med en kollega, en gång i veckan."
    )
