"""Demo campaigns: one running, one upcoming and one past (dates relative to today, so the
groups stay right), one per pillar, each using every body block, in every demo language.

Text follows safe-messaging guidance: no method details, hopeful, always a route to help.
"""

import datetime

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from cms.core.demo import translate_demo_object
from cms.core.factories import CustomImageFactory
from cms.core.models import CustomImage
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import SupportPage
from library.models import EpisodePage, PlaylistPage

from .factories import CampaignIndexPageFactory, CampaignPageFactory
from .models import CampaignIndexPage, CampaignPage, CampaignTopic, campaign_today

INDEX = {
    "title": "Campaigns",
    "introduction": "Months and days when we talk about mental health together.",
}
INDEX_TRANSLATIONS = {
    "sv": ("Kampanjer", "Månader och dagar då vi pratar om psykisk hälsa tillsammans."),
    "de": (
        "Kampagnen",
        "Monate und Tage, an denen wir gemeinsam über psychische Gesundheit sprechen.",
    ),
    "es": ("Campañas", "Meses y días en los que hablamos juntos de salud mental."),
    "fr": ("Campagnes", "Des mois et des journées pour parler ensemble de santé mentale."),
    "pt-br": ("Campanhas", "Meses e dias em que falamos juntos sobre saúde mental."),
}
TALK_TO_SOMEONE = {
    "en": "Talk to someone",
    "sv": "Prata med någon",
    "de": "Sprich mit jemandem",
    "es": "Habla con alguien",
    "fr": "Parlez à quelqu'un",
    "pt-br": "Converse com alguém",
}

CAMPAIGNS = [
    {
        "slug": "lets-talk-about-burnout",
        "pillar": "self-care-and-support",
        "topics": ["burnout", "sleep"],
        # (days from today to the start, days from today to the end)
        "dates": (-10, 20),
        "colour": "#2f6f6a",
        "content_notes": "Discusses burnout, exhaustion and stress.",
        "text": {
            "en": (
                "Let's talk about burnout",
                "A month of honest conversations about exhaustion at work: how to notice it "
                "early, and where to get support.",
            ),
            "sv": (
                "Vi pratar om utbrändhet",
                "En månad av ärliga samtal om utmattning på jobbet: hur du märker den tidigt "
                "och var du får stöd.",
            ),
            "de": (
                "Lass uns über Burnout reden",
                "Ein Monat ehrlicher Gespräche über Erschöpfung bei der Arbeit: wie du sie früh "
                "bemerkst und wo du Unterstützung findest.",
            ),
            "es": (
                "Hablemos del agotamiento",
                "Un mes de conversaciones sinceras sobre el agotamiento en el trabajo: cómo "
                "detectarlo a tiempo y dónde encontrar apoyo.",
            ),
            "fr": (
                "Parlons de l'épuisement professionnel",
                "Un mois d'échanges sincères sur l'épuisement au travail : comment le repérer "
                "tôt et où trouver du soutien.",
            ),
            "pt-br": (
                "Vamos falar sobre burnout",
                "Um mês de conversas sinceras sobre exaustão no trabalho: como perceber cedo e "
                "onde encontrar apoio.",
            ),
        },
        "heading": "What burnout can look like",
        "paragraph": (
            "<p>Burnout builds slowly. You might feel tired however much you rest, distant from "
            "work you used to care about, or less effective than before. These are signs to "
            "take seriously, not a personal failing, and things can get better with support."
            "</p>"
        ),
        "caption": "Small breaks, taken often, add up.",
        "alt": "A mug of tea on a windowsill with a view of trees.",
        "quote": (
            "I thought I just needed a holiday. Talking to a counsellor helped me see what "
            "needed to change, and my manager helped me change it.",
            "A colleague in Lisbon",
        ),
        "question": "What helps you switch off at the end of the working day?",
        "document": ("Spotting the early signs of burnout", "burnout-early-signs.txt"),
        "toolkit": ("Burnout conversation slides", "burnout-conversation-slides.txt"),
        "cta": "Book a confidential counselling call",
    },
    {
        "slug": "open-up-week",
        "pillar": "conversation",
        "topics": ["anxiety", "neurodiversity"],
        "dates": (21, 25),
        "colour": "#3f4a8a",
        "content_notes": "",
        "text": {
            "en": (
                "Open up: a week of conversations",
                "Five days, five short team conversations about how we really are. No experts "
                "needed.",
            ),
            "sv": (
                "Öppna upp: en vecka av samtal",
                "Fem dagar, fem korta samtal i teamet om hur vi egentligen mår. Inga experter "
                "behövs.",
            ),
            "de": (
                "Sprich darüber: eine Woche der Gespräche",
                "Fünf Tage, fünf kurze Teamgespräche darüber, wie es uns wirklich geht. Keine "
                "Fachleute nötig.",
            ),
            "es": (
                "Abramos la conversación: una semana para hablar",
                "Cinco días, cinco conversaciones breves en equipo sobre cómo estamos de verdad. "
                "No hace falta ser experto.",
            ),
            "fr": (
                "Ouvrons le dialogue : une semaine d'échanges",
                "Cinq jours, cinq courtes conversations en équipe sur comment nous allons "
                "vraiment. Aucun expert nécessaire.",
            ),
            "pt-br": (
                "Vamos conversar: uma semana de conversas",
                "Cinco dias, cinco conversas curtas em equipe sobre como estamos de verdade. "
                "Não é preciso ser especialista.",
            ),
        },
        "heading": "Why a conversation helps",
        "paragraph": (
            "<p>Most of us find it easier to talk once someone else has gone first. This week "
            "gives every team a simple question a day and a few minutes to listen. Nobody has "
            "to share anything they do not want to.</p>"
        ),
        "caption": "Listening is taking part too.",
        "alt": "Two colleagues talking on a bench outside the office.",
        "quote": (
            "Our team started with one question over coffee. Now checking in is just what we do.",
            "A team lead in Stockholm",
        ),
        "question": "What is one small thing that helps you on a hard day?",
        "document": ("How to host a team check-in", "team-check-in-guide.txt"),
        "toolkit": ("Open up week poster", "open-up-week-poster.txt"),
        "cta": "Sign your team up",
    },
    {
        "slug": "understanding-grief",
        "pillar": "awareness",
        "topics": ["grief", "parenting"],
        "dates": (-90, -60),
        "colour": "#8a2f4f",
        "content_notes": "Discusses grief and bereavement.",
        "text": {
            "en": (
                "Understanding grief and loss",
                "How grief can affect us at work, and how to support a colleague who is grieving.",
            ),
            "sv": (
                "Att förstå sorg och förlust",
                "Hur sorg kan påverka oss på jobbet, och hur du kan stötta en kollega som sörjer.",
            ),
            "de": (
                "Trauer und Verlust verstehen",
                "Wie Trauer uns bei der Arbeit beeinflussen kann und wie du trauernde "
                "Kolleginnen und Kollegen unterstützt.",
            ),
            "es": (
                "Entender el duelo y la pérdida",
                "Cómo el duelo puede afectarnos en el trabajo y cómo apoyar a un compañero que "
                "está de duelo.",
            ),
            "fr": (
                "Comprendre le deuil et la perte",
                "Comment le deuil peut nous affecter au travail, et comment soutenir un collègue "
                "endeuillé.",
            ),
            "pt-br": (
                "Entendendo o luto e a perda",
                "Como o luto pode nos afetar no trabalho e como apoiar um colega enlutado.",
            ),
        },
        "heading": "Grief has no timetable",
        "paragraph": (
            "<p>Grief can come in waves, long after a loss. It can affect sleep, concentration "
            "and energy. There is no right way to grieve, and asking for flexibility or support "
            "is always okay.</p>"
        ),
        "caption": "A quiet place to pause.",
        "alt": "Autumn leaves on a path through a park.",
        "quote": (
            "What helped most was a colleague who simply asked how I was, and waited for the "
            "answer.",
            "A colleague in São Paulo",
        ),
        "question": "How can we make it easier to ask for support after a loss?",
        "document": ("Supporting a grieving colleague", "supporting-a-grieving-colleague.txt"),
        "toolkit": ("Grief awareness slides", "grief-awareness-slides.txt"),
        "cta": "Read the bereavement leave guide",
    },
]


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
                "guidance": "Nobody has to share. Listening is taking part too.",
            },
        ),
        (
            "resource_links",
            {
                "heading": "Read and download",
                "links": [
                    {
                        "title": document.title,
                        "document": document,
                        "url": "",
                        "description": "A short guide for everyone.",
                    },
                    {
                        "title": "Where to get support",
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
                "heading": TALK_TO_SOMEONE["en"],
                "text": "If you are struggling right now, you do not have to wait. Help is "
                "there today.",
            },
        ),
    ]


def build_demo(loader):
    english_home = loader.homes["en"]
    english = english_home.locale
    index = CampaignIndexPage.objects.filter(locale=english).first()
    if index is None:
        index = CampaignIndexPageFactory(parent=english_home, locale=english, **INDEX)
        index.save_revision().publish()
        loader.created["campaign index pages"] += 1
    for code, locale in loader.locales.items():
        if code != "en" and not index.has_translation(locale):
            title, introduction = INDEX_TRANSLATIONS[code]
            translate_demo_object(
                index, locale, {INDEX["title"]: title, INDEX["introduction"]: introduction}
            )
            loader.created["campaign index pages"] += 1

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
                cta_text="Find support",
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
            if code == "en" or campaign.has_translation(locale):
                continue
            strings = dict(zip(spec["text"]["en"], spec["text"][code], strict=True))
            strings[TALK_TO_SOMEONE["en"]] = TALK_TO_SOMEONE[code]
            translate_demo_object(campaign, locale, strings)
            loader.created["campaigns"] += 1
