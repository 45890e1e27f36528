"""Demo campaigns: one running, one upcoming and one past (dates relative to today, so the
groups stay right), one per pillar, each using every body block, in every demo language.

Text follows safe-messaging guidance: no method details, hopeful, always a route to help.
Every text segment is translated (`campaign_strings`), slugs too (`SLUG_TRANSLATIONS`, so a
Swedish reader's addresses read /sv/kampanjer/…, like the library's /sv/lyssna/); only the
documents' own titles stay English.
"""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from cms.core.demo import read_demo_copy, refresh_demo_translation, translate_demo_object
from cms.core.factories import CustomImageFactory
from cms.core.models import CustomImage
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import SupportPage
from library.models import EpisodePage, PlaylistPage

from .factories import CampaignIndexPageFactory, CampaignPageFactory
from .models import CampaignIndexPage, CampaignPage, CampaignTopic, campaign_today

# The copy is in demo_data/<language>.json: en.json holds the index and the campaigns (their
# structure and English text), the other languages their translation of each, field by field.
COPY = read_demo_copy("campaigns")
TRANSLATED_COPY = {code: data for code, data in COPY.items() if code != "en"}

INDEX = COPY["en"]["index"]
INDEX_TRANSLATIONS = {
    code: (data["index"]["title"], data["index"]["introduction"])
    for code, data in TRANSLATED_COPY.items()
}
# The index's and each campaign's slug in every other language, keyed by the English slug.
SLUG_TRANSLATIONS = {
    slug: {
        code: data["slugs"][slug] for code, data in TRANSLATED_COPY.items() if slug in data["slugs"]
    }
    for slug in dict.fromkeys(slug for data in TRANSLATED_COPY.values() for slug in data["slugs"])
}
# Text every campaign shares: the conversation starter's guidance, the resource links, the
# talk-to-someone block and the campaign's button (`cta_text`).
SHARED_TEXT = {
    key: {code: data["shared_text"][key] for code, data in COPY.items()}
    for key in COPY["en"]["shared_text"]
}
TALK_TO_SOMEONE = SHARED_TEXT["talk_to_someone_heading"]


def campaign_spec(english):
    """A campaign of en.json with its text in every language: `text` (title, introduction) per
    language and `body_text`, the rest of its own text in each other language."""
    slug = english["slug"]
    translated = {code: data["campaigns"][slug] for code, data in TRANSLATED_COPY.items()}
    return {
        "slug": slug,
        "pillar": english["pillar"],
        "topics": english["topics"],
        # (days from today to the start, days from today to the end)
        "dates": tuple(english["dates"]),
        "colour": english["colour"],
        "content_notes": english["content_notes"],
        "text": {
            "en": (english["title"], english["introduction"]),
            **{code: (text["title"], text["introduction"]) for code, text in translated.items()},
        },
        **{key: english[key] for key in ("heading", "paragraph", "caption", "alt")},
        "quote": tuple(english["quote"]),
        "question": english["question"],
        # (title, file name); the document's title is the title of its resource link.
        "document": (english["document"], english["document_file"]),
        "toolkit": (english["toolkit"], english["toolkit_file"]),
        "cta": english["cta"],
        "body_text": {
            code: {
                **{key: text[key] for key in OWN_TEXT},
                "quote": tuple(text["quote"]),
            }
            for code, text in translated.items()
        },
    }


# A campaign's own text in each other language, field by field (as in `own_segments`).
OWN_TEXT = [
    "content_notes",
    "alt",
    "heading",
    "paragraph",
    "caption",
    "quote",
    "question",
    "document",
    "cta",
]
CAMPAIGNS = [campaign_spec(english) for english in COPY["en"]["campaigns"]]


def demo_document(title, filename, loader):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=Collection.get_first_root_node())
        text = f"{title}\n\nDemo content for the Heart & Soul campaign toolkit.\n"
        document.file.save(filename, ContentFile(text.encode()), save=False)
        document.save()
        loader.created["documents"] += 1
    return document


def demo_image(title, colour, loader):
    image = CustomImage.objects.filter(title=title).first()
    if image is None:
        image = CustomImageFactory(title=title, file__color=colour)
        loader.created["images"] += 1
    return image


def featured_audio():
    """The demo library's first episode and playlist (built before campaigns), when present."""
    episode = EpisodePage.objects.filter(locale__language_code="en").live().first()
    playlist = PlaylistPage.objects.filter(locale__language_code="en").live().first()
    blocks = []
    if episode:
        blocks.append(("featured_episode", {"episode": episode, "note": ""}))
    if playlist:
        blocks.append(("featured_playlist", {"playlist": playlist, "note": ""}))
    return blocks


def campaign_body(spec, image, document, support_page):
    quote, attribution = spec["quote"]
    return [
        ("heading", {"text": spec["heading"], "level": "h2"}),
        ("paragraph", RichText(spec["paragraph"])),
        (
            "figure",
            {
                "image": {"image": image, "alt_text": spec["alt"], "decorative": False},
                "caption": spec["caption"],
            },
        ),
        ("quote", {"quote": quote, "attribution": attribution}),
        (
            "conversation_starter",
            {
                "question": spec["question"],
                "guidance": SHARED_TEXT["guidance"]["en"],
            },
        ),
        (
            "resource_links",
            {
                "heading": SHARED_TEXT["resources_heading"]["en"],
                "links": [
                    {
                        "title": document.title,
                        "document": document,
                        "url": "",
                        "description": SHARED_TEXT["guide_description"]["en"],
                    },
                    {
                        "title": SHARED_TEXT["support_link"]["en"],
                        "document": None,
                        "url": "https://example.com/support",
                        "description": "",
                    },
                ],
            },
        ),
        *featured_audio(),
        ("call_to_action", {"text": spec["cta"], "page": support_page, "url": ""}),
        (
            "talk_to_someone",
            {
                "heading": SHARED_TEXT["talk_to_someone_heading"]["en"],
                "text": SHARED_TEXT["talk_to_someone_text"]["en"],
            },
        ),
    ]


def own_segments(text):
    """A campaign's own text (its spec, or one language of its `body_text`) as the strings
    wagtail-localize extracts, in a fixed order: a paragraph's segment is the text inside its
    `<p>`, the quote is two segments and the document gives its resource link's title."""
    quote, attribution = text["quote"]
    document = text["document"]
    return [
        text["content_notes"],
        text["alt"],
        text["heading"],
        text["paragraph"].removeprefix("<p>").removesuffix("</p>"),
        text["caption"],
        quote,
        attribution,
        text["question"],
        document[0] if isinstance(document, tuple) else document,
        text["cta"],
    ]


def campaign_strings(spec, code):
    """Every English string of the campaign's page mapped to its translation into `code`."""
    strings = dict(zip(spec["text"]["en"], spec["text"][code], strict=True))
    strings.update(zip(own_segments(spec), own_segments(spec["body_text"][code]), strict=True))
    strings.update((texts["en"], texts[code]) for texts in SHARED_TEXT.values())
    strings.pop("", None)  # a campaign without content notes
    return strings


def slug_strings(slug, code):
    translated = SLUG_TRANSLATIONS.get(slug, {}).get(code)
    return {slug: translated} if translated else {}


def translate_english_slug(source, locale, strings, code):
    """A demo loaded before slugs were translated: give the copy its slug in `code`."""
    if source.get_translation(locale).slug == source.slug and slug_strings(source.slug, code):
        refresh_demo_translation(source, locale, {**strings, **slug_strings(source.slug, code)})


def build_demo(loader):
    english_home = loader.homes["en"]
    english = english_home.locale
    index = CampaignIndexPage.objects.filter(locale=english).first()
    if index is None:
        index = CampaignIndexPageFactory(
            parent=english_home, locale=english, show_in_menus=True, **INDEX
        )
        index.save_revision().publish()
        loader.created["campaign index pages"] += 1
    for code, locale in loader.locales.items():
        if code == "en":
            continue
        title, introduction = INDEX_TRANSLATIONS[code]
        strings = {INDEX["title"]: title, INDEX["introduction"]: introduction}
        if not index.has_translation(locale):
            translate_demo_object(index, locale, {**strings, **slug_strings(index.slug, code)})
            loader.created["campaign index pages"] += 1
        else:
            translate_english_slug(index, locale, strings, code)

    support_page = SupportPage.objects.filter(locale=english).first()
    today = campaign_today()
    for spec in CAMPAIGNS:
        campaign = CampaignPage.objects.filter(locale=english, slug=spec["slug"]).first()
        if campaign is None:
            title, introduction = spec["text"]["en"]
            image = demo_image(f"{title} (campaign image)", spec["colour"], loader)
            document = demo_document(*spec["document"], loader)
            toolkit_document = demo_document(*spec["toolkit"], loader)
            starts, ends = spec["dates"]
            campaign = CampaignPageFactory(
                parent=index,
                locale=english,
                slug=spec["slug"],
                title=title,
                introduction=introduction,
                content_notes=spec["content_notes"],
                pillar=Pillar.objects.get(locale=english, slug=spec["pillar"]),
                starts_on=today + datetime.timedelta(days=starts),
                ends_on=today + datetime.timedelta(days=ends),
                hero_image=image,
                hero_image_alt=spec["alt"],
                listing_image=image,
                body=campaign_body(spec, image, document, support_page),
                toolkit=[
                    ("document", {"document": toolkit_document, "title": "", "description": ""})
                ],
                cta_text=SHARED_TEXT["cta_text"]["en"],
                cta_page=support_page,
            )
            for sort_order, slug in enumerate(spec["topics"]):
                CampaignTopic.objects.create(
                    page=campaign,
                    topic=Topic.objects.get(locale=english, slug=slug),
                    sort_order=sort_order,
                )
            campaign.save_revision().publish()
            loader.created["campaigns"] += 1
        for code, locale in loader.locales.items():
            if code == "en":
                continue
            if campaign.has_translation(locale):
                translate_english_slug(campaign, locale, campaign_strings(spec, code), code)
                continue
            strings = {**campaign_strings(spec, code), **slug_strings(campaign.slug, code)}
            translate_demo_object(campaign, locale, strings)
            loader.created["campaigns"] += 1
