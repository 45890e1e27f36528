"""Campaign pages: validation, blocks, alternative text, translations and their addresses."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.blocks import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page

from campaigns.blocks import (
    CallToActionBlock,
    CampaignStreamBlock,
    ConversationStarterBlock,
    ResourceLinksBlock,
    TalkToSomeoneBlock,
)
from campaigns.models import CampaignIndexPage, CampaignPage
from cms.core.factories import CustomImageFactory
from cms.core.taxonomy import Pillar, Topic
from tests.world_support import CRISIS_LINES, module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")

D = datetime.date


# --- Validation -----------------------------------------------------------------------------


def campaign(**overrides):
    fields = {
        "title": "A campaign",
        "slug": "a-campaign",
        "pillar": Pillar.objects.filter(locale__language_code="en").first(),
        "starts_on": D(2026, 5, 1),
    }
    return CampaignPage(**fields | overrides)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": D(2026, 4, 30)}, "ends_on", "cannot end before it starts"),
        ({"cta_text": "Join us"}, "cta_page", "Choose where the button goes"),
        ({"cta_url": "https://example.com/"}, "cta_text", "Give the button some words"),
        ({"pillar": None}, "pillar", "Choose the pillar"),
    ],
)
def test_campaign_validation_errors(site_tree, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        campaign(**overrides).clean()
    assert message in " ".join(error.value.message_dict[field])


@pytest.mark.django_db
def test_call_to_action_with_a_page_and_a_url_is_refused(site_tree):
    with pytest.raises(ValidationError) as error:
        campaign(cta_text="Go", cta_page=site_tree["en"], cta_url="https://example.com/").clean()
    assert "not both" in " ".join(error.value.message_dict["cta_url"])


@pytest.mark.django_db
def test_hero_image_needs_alternative_text(site_tree):
    with pytest.raises(ValidationError) as error:
        campaign(hero_image=CustomImageFactory(), hero_image_alt="  ").clean()
    assert "hero_image_alt" in error.value.message_dict


@pytest.mark.django_db
def test_valid_campaign_passes(site_tree):
    campaign(
        ends_on=D(2026, 5, 1), cta_text="Talk to us", cta_page=site_tree["en"]
    ).clean()  # no error: a one-day campaign with a call to action


@pytest.mark.django_db
def test_the_admin_shows_the_date_error_and_saves_nothing(client, role_users):
    """Through the real admin: bad dates get a message on the form, never a 500."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    index = CampaignIndexPage.objects.get(locale__language_code="en")
    client.force_login(role_users["Administrators"])
    pillar = Pillar.objects.get(locale__language_code="en", slug="awareness")
    before = CampaignPage.objects.count()

    response = client.post(
        f"/admin/pages/add/campaigns/campaignpage/{index.pk}/",
        nested_form_data(
            {
                "title": "Backwards",
                "slug": "backwards",
                "introduction": "",
                "content_notes": "",
                "pillar": pillar.pk,
                "starts_on": "2026-05-10",
                "ends_on": "2026-05-01",
                "hero_image_alt": "",
                "body": streamfield([("paragraph", rich_text("Hello"))]),
                "toolkit": streamfield([]),
                "topic_links-TOTAL_FORMS": 0,
                "topic_links-INITIAL_FORMS": 0,
                "topic_links-MIN_NUM_FORMS": 0,
                "topic_links-MAX_NUM_FORMS": 1000,
                "cta_text": "",
                "cta_url": "",
            }
        ),
    )

    assert response.status_code == 200
    assert "The campaign cannot end before it starts." in response.content.decode()
    assert CampaignPage.objects.count() == before


@pytest.mark.django_db
def test_an_editor_creates_a_campaign_with_topics_in_the_admin(client, role_users):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    index = CampaignIndexPage.objects.get(locale__language_code="en")
    client.force_login(role_users["Editors"])
    pillar = Pillar.objects.get(locale__language_code="en", slug="conversation")
    topic = Topic.objects.get(locale__language_code="en", slug="anxiety")

    response = client.post(
        f"/admin/pages/add/campaigns/campaignpage/{index.pk}/",
        nested_form_data(
            {
                "title": "Exam season",
                "slug": "exam-season",
                "introduction": "Looking after each other during a busy time.",
                "content_notes": "",
                "pillar": pillar.pk,
                "starts_on": "2026-05-01",
                "ends_on": "2026-05-31",
                "hero_image_alt": "",
                "body": streamfield([("paragraph", rich_text("It is okay to ask for help."))]),
                "toolkit": streamfield([]),
                "topic_links-TOTAL_FORMS": 1,
                "topic_links-INITIAL_FORMS": 0,
                "topic_links-MIN_NUM_FORMS": 0,
                "topic_links-MAX_NUM_FORMS": 1000,
                "topic_links-0-topic": topic.pk,
                "topic_links-0-ORDER": 1,
                "topic_links-0-id": "",
                "topic_links-0-DELETE": "",
                "cta_text": "",
                "cta_url": "",
            }
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    created = CampaignPage.objects.get(slug="exam-season")
    assert not created.live  # editors cannot publish: it waits for review
    assert [link.topic for link in created.topic_links.all()] == [topic]


def test_call_to_action_block_needs_exactly_one_target():
    block = CallToActionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Go", "page": None, "url": ""}))
    assert block.clean(block.to_python({"text": "Go", "page": None, "url": "https://example.com"}))


@pytest.mark.django_db
def test_call_to_action_block_refuses_a_page_and_a_url(site_tree):
    block = CallToActionBlock()
    value = block.to_python({"text": "Go", "page": site_tree["en"].pk, "url": "https://a.example"})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_resource_link_needs_a_document_or_a_url():
    block = ResourceLinksBlock()
    value = block.to_python(
        {"heading": "Read", "links": [{"title": "Nothing", "document": None, "url": ""}]}
    )
    with pytest.raises(ValidationError):
        block.clean(value)


# --- Blocks ---------------------------------------------------------------------------------


def test_every_campaign_block_has_icon_template_description_and_preview():
    for name, block in CampaignStreamBlock().child_blocks.items():
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.meta.template or getattr(block, "template", None), name
        assert block.meta.description, name
        if name != "figure":  # needs an image from the library; previews show the editor's
            assert block.get_preview_value(), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (ConversationStarterBlock(), "What is one small thing that helps you on a hard day?"),
        (ResourceLinksBlock(), "Spotting the early signs of burnout"),
        (CallToActionBlock(), "Join a listening circle"),
        (TalkToSomeoneBlock(), CRISIS_LINES["en"][0]),  # the active language's (English) helplines
    ],
)
def test_block_previews_render(site_tree, rf, block, expected):
    with translation.override("en"):
        html = block.render(block.get_preview_value(), context={"request": rf.get("/")})
    assert expected in html


@pytest.mark.django_db
def test_campaigns_render_every_block_type(client, employee):
    client.force_login(employee)
    for campaign in CampaignPage.objects.filter(locale__language_code="en"):
        response = client.get(campaign.url)
        assert response.status_code == 200
        html = response.content.decode()
        for block_type in CampaignStreamBlock().child_blocks:
            assert f"block-{block_type}" in html, (campaign.title, block_type)
        assert 'class="campaign__toolkit"' in html
        assert html.count("<h1>") == 1


@pytest.mark.django_db
def test_talk_to_someone_block_shows_the_page_languages_helplines(client, employee, world):
    client.force_login(employee)
    html = client.get(world["de"].campaigns["running"].url).content.decode()
    block = re.search(r'<aside class="talk-to-someone".*?</aside>', html, re.S).group(0)
    assert "Nachttelefon" in block  # the German crisis line
    assert "Night line" not in block
    assert 'href="/de/unterstuetzung/"' in block


@pytest.mark.django_db
def test_every_image_has_alternative_text(client, employee, world):
    client.force_login(employee)
    for url in ["/en/campaigns/", world.en.campaigns["running"].url]:
        html = client.get(url).content.decode()
        images = re.findall(r"<img [^>]*>", html)
        assert images
        for image in images:
            assert re.search(r'alt="[^"]+"', image), image


# --- Translation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_translated_campaigns_keep_pillar_topics_and_dates(site_tree):
    english = CampaignPage.objects.get(locale__language_code="en", slug="living-with-loss")
    assert english.get_translations().count() == 5
    for translated in english.get_translations():
        assert translated.pillar_id == english.pillar_id
        assert translated.starts_on == english.starts_on
        assert translated.ends_on == english.ends_on
        assert [link.topic_id for link in translated.topic_links.all()] == [
            link.topic_id for link in english.topic_links.all()
        ]


@pytest.mark.django_db
def test_stream_value_of_a_campaign_body_round_trips(site_tree):
    page = CampaignPage.objects.get(locale__language_code="en", slug="a-week-of-open-doors")
    assert isinstance(page.body, StreamValue)
    assert Page.objects.filter(pk=page.pk).exists()


@pytest.mark.django_db
def test_translated_campaigns_have_addresses_in_their_language(client, employee):
    client.force_login(employee)
    english_index = CampaignIndexPage.objects.get(locale__language_code="en")
    assert english_index.url == "/en/campaigns/"
    swedish_index = CampaignIndexPage.objects.get(locale__language_code="sv")
    assert swedish_index.url == "/sv/kampanjer/"
    swedish = {page.slug for page in CampaignPage.objects.filter(locale__language_code="sv")}
    assert swedish == {
        "trott-pa-att-vara-trott-vi-pratar-om-det",  # from its Swedish title
        "a-week-of-open-doors-sv",
        "living-with-loss-sv",
    }
    for campaign in CampaignPage.objects.filter(locale__language_code="sv").live():
        assert campaign.url.startswith("/sv/kampanjer/")
        assert client.get(campaign.url).status_code == 200
    for language in ("de", "es", "fr", "pt-br"):
        index = CampaignIndexPage.objects.get(locale__language_code=language)
        assert "campaigns" not in index.url
        for campaign in CampaignPage.objects.filter(locale__language_code=language):
            assert campaign.slug != campaign.get_translation(english_index.locale).slug
