"""Campaigns: date grouping, filters, validation, blocks, toolkit privacy and query budgets."""

import datetime
import re
import zoneinfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.blocks import StreamValue
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page
from wagtail.test.utils import WagtailPageTestCase

from campaigns.blocks import (
    CallToActionBlock,
    CampaignStreamBlock,
    ConversationStarterBlock,
    ResourceLinksBlock,
    TalkToSomeoneBlock,
)
from campaigns.factories import CampaignPageFactory
from campaigns.models import (
    PAST,
    RUNNING,
    UPCOMING,
    CampaignIndexPage,
    CampaignPage,
    CampaignTopic,
    campaign_status,
    campaign_today,
)
from cms.core.factories import CustomImageFactory
from cms.core.models import HomePage
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import SupportPage

D = datetime.date


# --- Page tree ------------------------------------------------------------------------------


class TestCampaignTree(WagtailPageTestCase):
    def test_campaign_index_lives_under_home_pages_and_holds_campaigns(self):
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})

    def test_campaigns_live_under_the_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedSubpageTypes(CampaignPage, set())


@pytest.mark.django_db
def test_one_campaign_index_per_language(site_tree):
    english = site_tree["en"]
    assert not CampaignIndexPage.can_create_at(english)
    duplicate = CampaignIndexPage(title="More campaigns", slug="more", locale=english.locale)
    with pytest.raises(ValidationError, match="already has a campaign index"):
        duplicate.clean()

    CampaignIndexPage.objects.get(locale=site_tree["fr"].locale).delete()
    assert CampaignIndexPage.can_create_at(site_tree["fr"])


# --- Date grouping --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "today", "expected"),
    [
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 4, 30), UPCOMING),
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 5, 1), RUNNING),  # first day counts
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 5, 31), RUNNING),  # so does the last
        (D(2026, 5, 1), D(2026, 5, 31), D(2026, 6, 1), PAST),
        (D(2026, 5, 1), None, D(2030, 1, 1), RUNNING),  # no end date: keeps running
        (D(2026, 5, 1), None, D(2026, 4, 30), UPCOMING),
        (D(2026, 5, 1), D(2026, 5, 1), D(2026, 5, 1), RUNNING),  # a one-day campaign
    ],
)
def test_campaign_status(starts_on, ends_on, today, expected):
    assert campaign_status(starts_on, ends_on, today) == expected


@pytest.mark.parametrize(
    ("zone", "utc_now", "expected"),
    [
        # 23:30 UTC on the eve is already the first day in Stockholm (UTC+1 in March)…
        ("UTC", "2026-03-01T23:30:00", UPCOMING),
        ("Europe/Stockholm", "2026-03-01T23:30:00", RUNNING),
        # …and 01:00 UTC on the first day is still the eve in São Paulo (UTC-3).
        ("UTC", "2026-03-02T01:00:00", RUNNING),
        ("America/Sao_Paulo", "2026-03-02T01:00:00", UPCOMING),
        # The last day ends at local midnight, not UTC midnight.
        ("America/Sao_Paulo", "2026-03-11T02:00:00", RUNNING),
        ("UTC", "2026-03-11T02:00:00", PAST),
    ],
)
def test_campaign_days_follow_the_active_time_zone_around_midnight(zone, utc_now, expected):
    now = datetime.datetime.fromisoformat(utc_now).replace(tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        today = campaign_today(now)
    assert campaign_status(D(2026, 3, 2), D(2026, 3, 10), today) == expected


def group_titles(html):
    """{group: [campaign titles]} from the index page's HTML."""
    groups = {}
    for key, section in re.findall(
        r'<section class="campaign-group[^"]*"[^>]*data-group="(\w+)">(.*?)</section>', html, re.S
    ):
        groups[key] = re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", section)
    return groups


@pytest.mark.django_db
def test_demo_index_shows_each_campaign_in_its_group(client, employee):
    client.force_login(employee)
    response = client.get("/en/campaigns/")
    assert response.status_code == 200
    assert group_titles(response.content.decode()) == {
        "running": ["Let&#x27;s talk about burnout"],
        "upcoming": ["Open up: a week of conversations"],
        "past": ["Understanding grief and loss"],
    }


@pytest.mark.django_db
def test_index_groups_follow_the_dates_and_a_campaign_without_end_keeps_running(client, employee):
    index = CampaignIndexPage.objects.get(locale__language_code="en")
    today = campaign_today()
    open_ended = CampaignPageFactory(
        parent=index,
        title="Always here",
        slug="always-here",
        pillar=Pillar.objects.get(locale__language_code="en", slug="conversation"),
        starts_on=today - datetime.timedelta(days=400),
        ends_on=None,
    )
    open_ended.save_revision().publish()
    ended_yesterday = CampaignPageFactory(
        parent=index,
        title="Ended yesterday",
        slug="ended-yesterday",
        pillar=open_ended.pillar,
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today - datetime.timedelta(days=1),
    )
    ended_yesterday.save_revision().publish()
    client.force_login(employee)

    groups = group_titles(client.get("/en/campaigns/").content.decode())

    assert "Always here" in groups["running"]
    assert groups["past"][0] == "Ended yesterday"  # most recent first


@pytest.mark.django_db
def test_index_in_another_language_lists_its_own_campaigns_with_translated_pillars(
    client, employee
):
    client.force_login(employee)
    html = client.get("/sv/kampanjer/").content.decode()
    assert group_titles(html)["running"] == ["Vi pratar om utbrändhet"]
    assert "Möjliggöra förebyggande egenvård och professionellt stöd" in html
    assert "Utbrändhet" in html


# --- Filters --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?pillar=awareness", ["Understanding grief and loss"]),
        ("?topic=burnout", ["Let&#x27;s talk about burnout"]),
        ("?pillar=conversation&topic=neurodiversity", ["Open up: a week of conversations"]),
        ("?pillar=awareness&topic=burnout", []),
    ],
)
def test_index_filters_by_pillar_and_topic(client, employee, query, expected):
    client.force_login(employee)
    html = client.get("/en/campaigns/" + query).content.decode()
    shown = [title for titles in group_titles(html).values() for title in titles]
    assert shown == expected
    assert "Show all campaigns" in html


@pytest.mark.django_db
def test_an_unknown_filter_value_gets_a_clear_message_and_all_campaigns(client, employee):
    client.force_login(employee)
    response = client.get("/en/campaigns/?pillar=<script>&topic=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "We could not apply that filter" in html
    assert "<script>" not in html
    assert sum(len(titles) for titles in group_titles(html).values()) == 3


@pytest.mark.django_db
def test_filter_by_topic_finds_campaigns_tagged_with_any_translation_of_it(client, employee):
    """Editors may choose a topic in any language: the filter goes by its shared slug."""
    index = CampaignIndexPage.objects.get(locale__language_code="en")
    campaign = CampaignPageFactory(
        parent=index,
        title="Sleep week",
        slug="sleep-week",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
    )
    CampaignTopic.objects.create(
        page=campaign, topic=Topic.objects.get(locale__language_code="de", slug="sleep")
    )
    campaign.save_revision().publish()
    client.force_login(employee)

    html = client.get("/en/campaigns/?topic=sleep").content.decode()

    shown = [title for titles in group_titles(html).values() for title in titles]
    assert "Sleep week" in shown
    # Shown in English, although the German topic was chosen; it links to the topic listing.
    assert '<a href="/en/search/?topic=sleep">Sleep</a></li>' in html


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
        (TalkToSomeoneBlock(), "Samaritans"),  # helplines of the active language (English)
    ],
)
def test_block_previews_render(site_tree, rf, block, expected):
    with translation.override("en"):
        html = block.render(block.get_preview_value(), context={"request": rf.get("/")})
    assert expected in html


@pytest.mark.django_db
def test_demo_campaigns_render_every_block_type(client, employee):
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
def test_talk_to_someone_block_shows_the_page_languages_helplines(client, employee):
    client.force_login(employee)
    html = client.get("/de/kampagnen/lass-uns-ueber-burnout-reden/").content.decode()
    block = re.search(r'<aside class="talk-to-someone".*?</aside>', html, re.S).group(0)
    assert "TelefonSeelsorge" in block
    assert 'href="/de/unterstuetzung/"' in block


@pytest.mark.django_db
def test_every_image_has_alternative_text(client, employee):
    client.force_login(employee)
    for url in ["/en/campaigns/", "/en/campaigns/lets-talk-about-burnout/"]:
        html = client.get(url).content.decode()
        images = re.findall(r"<img [^>]*>", html)
        assert images
        for image in images:
            assert re.search(r'alt="[^"]+"', image), image


# --- Toolkit privacy ------------------------------------------------------------------------


def toolkit_document(title="Campaign slides"):
    Document = get_document_model()
    document = Document(title=title, collection=Collection.get_first_root_node())
    document.file.save("campaign-slides.txt", ContentFile(b"Slide 1: it is okay to ask"))
    document.save()
    return document


def campaign_with_toolkit(document):
    index = CampaignIndexPage.objects.get(locale__language_code="en")
    page = CampaignPageFactory(
        parent=index,
        slug="toolkit-campaign",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
        toolkit=[("document", {"document": document, "title": "", "description": ""})],
    )
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_toolkit_documents_are_private_and_need_a_login(client, employee, settings):
    document = toolkit_document()
    page = campaign_with_toolkit(document)
    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path

    client.force_login(employee)
    html = client.get(page.url).content.decode()
    assert f'href="{document.url}"' in html
    client.logout()

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "/login/?next=" in anonymous["Location"]

    client.force_login(employee)
    downloaded = client.get(document.url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == b"Slide 1: it is okay to ask"


@pytest.mark.django_db
def test_toolkit_documents_on_s3_are_private_objects(client, employee, s3_bucket, s3_client):
    import urllib.error
    import urllib.request

    document = toolkit_document("S3 slides")
    assert document.file.name
    key = f"private/{document.file.name}"
    assert s3_client.head_object(Bucket=s3_bucket, Key=key)

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "/login/?next=" in anonymous["Location"]

    # Straight to the bucket without a signature: refused.
    unsigned = f"{s3_client.meta.endpoint_url}/{s3_bucket}/{key}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=5)
    assert refused.value.code == 403

    client.force_login(employee)
    response = client.get(document.url)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "X-Amz-Signature=" in response["Location"]


# --- Translation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_translated_campaigns_keep_pillar_topics_and_dates(site_tree):
    english = CampaignPage.objects.get(locale__language_code="en", slug="understanding-grief")
    for translated in english.get_translations():
        assert translated.pillar_id == english.pillar_id
        assert translated.starts_on == english.starts_on
        assert translated.ends_on == english.ends_on
        assert [link.topic_id for link in translated.topic_links.all()] == [
            link.topic_id for link in english.topic_links.all()
        ]


# --- Query budgets --------------------------------------------------------------------------


def add_campaigns(index, count, image):
    pillars = list(Pillar.objects.filter(locale__language_code="en"))
    topics = list(Topic.objects.filter(locale__language_code="en"))
    today = campaign_today()
    for number in range(count):
        page = CampaignPageFactory(
            parent=index,
            title=f"Extra campaign {number}",
            slug=f"extra-campaign-{number}",
            pillar=pillars[number % len(pillars)],
            starts_on=today + datetime.timedelta(days=number - count // 2),
            ends_on=today + datetime.timedelta(days=number - count // 2 + 3),
            hero_image=image,
            hero_image_alt="A calm sea",
        )
        for sort_order, topic in enumerate(topics[number % 3 : number % 3 + 2]):
            CampaignTopic.objects.create(page=page, topic=topic, sort_order=sort_order)
        page.save_revision().publish()


def queries_for(client, url):
    client.get(url)  # warm up: renditions are made once, as on a running site
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_campaign_index_queries_do_not_grow_with_the_number_of_campaigns(client, employee):
    """The demo's 3 campaigns against 30 (three of them with hero images, then 27 more)."""
    client.force_login(employee)
    index = CampaignIndexPage.objects.get(locale__language_code="sv")
    url = index.url

    with_three, html = queries_for(client, url)
    assert sum(len(titles) for titles in group_titles(html).values()) == 3

    add_campaigns(index, 27, CustomImageFactory())
    with_thirty, html = queries_for(client, url)
    shown = group_titles(html)
    # 30 campaigns: more shown than before, and the fullest group is cut at one page.
    assert sum(len(titles) for titles in shown.values()) > 3
    assert max(len(titles) for titles in shown.values()) == settings.LISTING_PAGE_SIZE

    print("campaign index queries", with_three, with_thirty)
    assert with_thirty == with_three, (with_three, with_thirty)


def body_with_blocks(count, document, support_page):
    from library.models import EpisodePage, PlaylistPage

    episodes = list(EpisodePage.objects.filter(locale__language_code="en").live())
    playlists = list(PlaylistPage.objects.filter(locale__language_code="en").live())
    blocks = []
    for number in range(count):
        blocks += [
            ("featured_episode", {"episode": episodes[number % len(episodes)], "note": ""}),
            ("featured_playlist", {"playlist": playlists[number % len(playlists)], "note": ""}),
            (
                "resource_links",
                {
                    "heading": f"Read {number}",
                    "links": [
                        {"title": "Slides", "document": document, "url": "", "description": ""}
                    ],
                },
            ),
            ("talk_to_someone", {"heading": "Talk to someone", "text": ""}),
            ("call_to_action", {"text": "Support", "page": support_page, "url": ""}),
            ("call_to_action", {"text": "Elsewhere", "page": None, "url": "https://example.com"}),
        ]
    return blocks


@pytest.mark.django_db
def test_campaign_page_queries_do_not_grow_with_blocks_that_reference_objects(client, employee):
    """Documents in resource lists, helplines in "talk to someone" blocks and featured episodes
    and playlists are loaded once, however many blocks refer to them."""
    client.force_login(employee)
    document = toolkit_document()
    # An English support page chosen on a Swedish campaign: links go to the Swedish one.
    support_page = SupportPage.objects.get(locale__language_code="en")
    index = CampaignIndexPage.objects.get(locale__language_code="sv")
    page = CampaignPageFactory(
        parent=index,
        slug="many-blocks",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
        body=body_with_blocks(1, document, support_page),
        cta_text="Get support",
        cta_page=support_page,
    )
    page.save_revision().publish()
    with_one, _html = queries_for(client, page.url)

    page.body = body_with_blocks(10, document, support_page)
    page.save_revision().publish()
    with_ten, html = queries_for(client, page.url)

    assert html.count('class="talk-to-someone"') == 10
    assert html.count('aria-label="Utvalt avsnitt"') == 10  # "Featured episode" in Swedish
    assert html.count('aria-label="Utvald spellista"') == 10  # "Featured playlist"
    assert html.count('<a class="button" href="/sv/stod/">') == 11
    print("campaign page queries", with_one, with_ten)
    assert with_ten == with_one, (with_one, with_ten)


@pytest.mark.django_db
def test_stream_value_of_the_demo_body_round_trips(site_tree):
    page = CampaignPage.objects.get(locale__language_code="en", slug="open-up-week")
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
    assert swedish == {"vi-pratar-om-utbrandhet", "oppna-upp-veckan", "att-forsta-sorg"}
    for campaign in CampaignPage.objects.filter(locale__language_code="sv").live():
        assert campaign.url.startswith("/sv/kampanjer/")
        assert client.get(campaign.url).status_code == 200
    for language in ("de", "es", "fr", "pt-br"):
        index = CampaignIndexPage.objects.get(locale__language_code=language)
        assert "campaigns" not in index.url
        for campaign in CampaignPage.objects.filter(locale__language_code=language):
            assert campaign.slug != campaign.get_translation(english_index.locale).slug
