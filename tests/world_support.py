"""A listener's whole site, small, built by factories on the base tree (tests/trees.py): the
shape of what a running install has, with this module's own copy (never the demo's).

English has three pillars and five topics, a library with two shows (two episodes each, with
audio, transcripts and artwork) and two playlists, a campaign index with a running, an upcoming
and a past campaign (one per pillar, each using every body block and a toolkit document), the
support page with the three help resources and a crisis line, and the home page's texts and
featured playlists. Every other language built gets, through wagtail-localize as translators
make it: the pillars, topics, help resources, support page, library, the second show ("Open
voices") with its first episode and transcript, the "First steps" playlist, the campaign index
and all three campaigns, and the home page's texts (every string translated, slugs too); and a
crisis line of its own. "Evening calm" and the first show stay English only.

Translated text is the English with a language marker ("[sv] Campaigns"), except for the
strings in TRANSLATIONS (titles a test reads in the language).
"""

import datetime
from dataclasses import dataclass, field, fields

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.rich_text import RichText
from wagtail_localize.models import TranslationSource

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from campaigns.models import CampaignTopic, campaign_today
from cms.core.demo import refresh_demo_translation, translate_demo_object
from cms.core.factories import CustomImageFactory, PillarFactory, TopicFactory
from cms.support.factories import HelplineFactory, SupportPageFactory, SupportResourceFactory
from library.factories import (
    AudioFileFactory,
    EpisodePageFactory,
    LibraryIndexPageFactory,
    PlaylistItemFactory,
    PlaylistPageFactory,
    PodcastShowPageFactory,
    TranscriptFactory,
)
from tests.world_texts import (
    CRISIS_LINES,
    HELP_KINDS,
    LANGUAGES,
    PILLARS,
    SLUGS,
    TOPICS,
    TRANSLATIONS,
)


def translated(text, code):
    """A string's translation into `code`: TRANSLATIONS, else the English marked."""
    return TRANSLATIONS.get(code, {}).get(text) or f"[{code}] {text}"


def translate(source_object, locale, slug=None):
    """Translate every string of `source_object` into `locale` through wagtail-localize (its
    slug to `slug`, or the translated title's); return the published copy."""
    source, _created = TranslationSource.get_or_create_from_instance(source_object)
    code = locale.language_code
    strings = {}
    for segment in source.stringsegment_set.select_related("string", "context"):
        data = segment.string.data
        strings[data] = translated(data, code)
    own_slug = getattr(source_object, "slug", None)
    if own_slug and hasattr(source_object, "path"):
        title = TRANSLATIONS.get(code, {}).get(source_object.title)
        strings[own_slug] = slug or (slugify(title) if title else f"{source_object.slug}-{code}")
    return translate_demo_object(source_object, locale, strings, publish=True)


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def document(title):
    Document = get_document_model()
    doc = Document(title=title, collection=Collection.get_first_root_node())
    doc.file.save(f"{slugify(title)}.txt", ContentFile(f"{title}\n".encode()), save=False)
    doc.save()
    return doc


@dataclass
class Language:
    """One language's pages and snippets."""

    home: object
    library: object = None
    shows: list = field(default_factory=list)
    episodes: list = field(default_factory=list)
    playlists: list = field(default_factory=list)
    campaign_index: object = None
    campaigns: dict = field(default_factory=dict)  # running / upcoming / past
    support: object = None
    pillars: dict = field(default_factory=dict)  # by slug
    topics: dict = field(default_factory=dict)  # by slug
    resources: list = field(default_factory=list)
    crisis_line: object = None

    def refreshed(self):
        """A copy with every object read again from the database."""
        values = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, list):
                value = [fresh(obj) for obj in value]
            elif isinstance(value, dict):
                value = {key: fresh(obj) for key, obj in value.items()}
            else:
                value = fresh(value)
            values[item.name] = value
        return Language(**values)


def fresh(obj):
    if obj is None:
        return None
    return type(obj)._default_manager.get(pk=obj.pk)


@dataclass
class World:
    languages: dict  # code: Language

    def __getitem__(self, code):
        return self.languages[code]

    @property
    def en(self):
        return self.languages["en"]

    def refreshed(self):
        return World({code: lang.refreshed() for code, lang in self.languages.items()})


def campaign_body(number, image, doc, episode, playlist, support):
    return [
        ("heading", {"text": f"What helps, part {number}", "level": "h2"}),
        ("paragraph", RichText("<p>Noticing early makes it easier to get better.</p>")),
        (
            "figure",
            {
                "image": {"image": image, "alt_text": "A quiet park bench", "decorative": False},
                "caption": "Take a break outside.",
            },
        ),
        ("quote", {"quote": "Asking was the hardest part.", "attribution": "A colleague"}),
        (
            "conversation_starter",
            {"question": "What helps you rest?", "guidance": "Nobody has to share."},
        ),
        (
            "resource_links",
            {
                "heading": "Read and download",
                "links": [
                    {"title": doc.title, "document": doc, "url": "", "description": "A guide."},
                    {
                        "title": "More help",
                        "document": None,
                        "url": "https://example.com/help",
                        "description": "",
                    },
                ],
            },
        ),
        ("featured_episode", {"episode": episode, "note": ""}),
        ("featured_playlist", {"playlist": playlist, "note": ""}),
        ("call_to_action", {"text": "Book a call", "page": support, "url": ""}),
        ("talk_to_someone", {"heading": "Talk to someone", "text": "Help is there today."}),
    ]


# (key, title, pillar, topics, (start, end) in days from today)
CAMPAIGNS = [
    (
        "running",
        "Tired of being tired? Let's talk",
        "self-care-and-support",
        ["burnout", "sleep"],
        (-10, 20),
    ),
    ("upcoming", "A week of open doors", "conversation", ["neurodiversity", "anxiety"], (30, 37)),
    ("past", "Living with loss", "awareness", ["grief", "sleep"], (-90, -60)),
]


def build_english(home):
    locale = home.locale
    en = Language(home=home)
    for order, (slug, icon, colour, title, description) in enumerate(PILLARS, start=1):
        en.pillars[slug] = PillarFactory(
            locale=locale,
            slug=slug,
            icon=icon,
            colour=colour,
            title=title,
            description=description,
            sort_order=order,
        )
    for slug, name in TOPICS.items():
        en.topics[slug] = TopicFactory(locale=locale, slug=slug, name=name)
    name, phone = CRISIS_LINES["en"]
    en.crisis_line = HelplineFactory(locale=locale, name=name, phone_number=phone)
    for order, kind in enumerate(HELP_KINDS):
        en.resources.append(
            SupportResourceFactory(
                locale=locale,
                kind=kind,
                title=f"Help: {kind.replace('-', ' ')}",
                description=f"How {kind.replace('-', ' ')} can help you.",
                sort_order=order,
            )
        )
    en.library = published(
        LibraryIndexPageFactory(parent=home, title="Listen", slug="listen", show_in_menus=True)
    )
    # In the menu's order: Listen, Campaigns, Support.
    en.campaign_index = published(
        CampaignIndexPageFactory(
            parent=home, title="Campaigns", slug="campaigns", show_in_menus=True
        )
    )
    en.support = published(
        SupportPageFactory(
            parent=home,
            title="Get support",
            slug="support",
            show_in_menus=True,
            banner_text="Need to talk now?",
            banner_link_text="All ways to get support",
        )
    )
    shows = [
        ("Quiet hours", "self-care-and-support", "#2f6f6a"),
        ("Open voices", "conversation", "#5b3f8c"),
    ]
    for show_number, (title, pillar, colour) in enumerate(shows):
        artwork = CustomImageFactory(
            title=f"{title} artwork", file__width=1400, file__height=1400, file__color=colour
        )
        show = published(
            PodcastShowPageFactory(
                parent=en.library, title=title, pillar=en.pillars[pillar], artwork=artwork
            )
        )
        en.shows.append(show)
        for number in (1, 2):
            episode_title = f"{title}, episode {number}"
            episode = EpisodePageFactory(
                parent=show,
                title=episode_title,
                episode_number=number,
                season_number=1,
                publish_date=datetime.date(2026, 9, 1)
                + datetime.timedelta(days=14 * (number - 1) + 7 * show_number),
                introduction="A conversation about rest.",
                content_notes="Mentions exhaustion.",
                audio=AudioFileFactory(title=episode_title),
                transcript=TranscriptFactory(title=episode_title),
                summary="<p>Two colleagues talk about what helps.</p>",
            )
            episode.topics.set([en.topics["sleep"], en.topics["burnout"]])
            en.episodes.append(published(episode))
    # "First steps" (awareness; translated) and "Evening calm" (self-care; English only).
    for title, pillar, episodes in [
        ("First steps", "awareness", [en.episodes[2], en.episodes[0]]),
        ("Evening calm", "self-care-and-support", [en.episodes[1]]),
    ]:
        playlist = PlaylistPageFactory(
            parent=en.library,
            title=title,
            introduction="Listen in order.",
            pillar=en.pillars[pillar],
        )
        for order, episode in enumerate(episodes):
            PlaylistItemFactory(
                playlist=playlist, episode=episode, note=f"Part {order + 1}.", sort_order=order
            )
        en.playlists.append(published(playlist))

    today = campaign_today()
    for number, (key, title, pillar, topics, (starts, ends)) in enumerate(CAMPAIGNS, start=1):
        image = CustomImageFactory(title=f"{title} (campaign image)")
        campaign = CampaignPageFactory(
            parent=en.campaign_index,
            title=title,
            slug=slugify(title),
            introduction="A month of talking about how we really are.",
            content_notes="Discusses stress.",
            pillar=en.pillars[pillar],
            starts_on=today + datetime.timedelta(days=starts),
            ends_on=today + datetime.timedelta(days=ends),
            hero_image=image,
            hero_image_alt="A calm lake at dawn",
            listing_image=image,
            body=campaign_body(
                number,
                image,
                document(f"{title} guide"),
                en.episodes[2],
                en.playlists[0],
                en.support,
            ),
            toolkit=[
                (
                    "document",
                    {"document": document(f"{title} slides"), "title": "", "description": ""},
                )
            ],
            cta_text="Find support",
            cta_page=en.support,
        )
        for order, slug in enumerate(topics):
            CampaignTopic.objects.create(page=campaign, topic=en.topics[slug], sort_order=order)
        en.campaigns[key] = published(campaign)

    home = home.specific
    home.pillars_introduction = "Everything we do serves one of three priorities."
    home.featured_playlists_introduction = "Chosen by the team."
    home.help_introduction = "Counselling is free and confidential, day and night."
    home.new_episode_count = 6
    for order, playlist in enumerate(en.playlists):
        home.featured_playlists.create(playlist=playlist, sort_order=order)
    en.home = published(home)
    return en


def build_translation(en, home):
    locale = home.locale
    code = locale.language_code
    lang = Language(home=home)
    lang.pillars = {slug: translate(pillar, locale) for slug, pillar in en.pillars.items()}
    lang.topics = {slug: translate(topic, locale) for slug, topic in en.topics.items()}
    name, phone = CRISIS_LINES[code]
    lang.crisis_line = HelplineFactory(locale=locale, name=name, phone_number=phone)
    lang.resources = [translate(resource, locale) for resource in en.resources]
    # In the menu's order: Listen, Campaigns, Support.
    lang.library = translate(en.library, locale, SLUGS["listen"][code])
    lang.campaign_index = translate(en.campaign_index, locale, SLUGS["campaigns"][code])
    lang.support = translate(en.support, locale, SLUGS["support"][code])
    show = translate(en.shows[1], locale)
    lang.shows = [show]
    translate(en.episodes[2].transcript, locale)
    lang.episodes = [translate(en.episodes[2], locale)]
    lang.playlists = [translate(en.playlists[0], locale)]
    lang.campaigns = {key: translate(page, locale) for key, page in en.campaigns.items()}
    strings = {}
    source, _created = TranslationSource.update_or_create_from_instance(en.home)
    for segment in source.stringsegment_set.select_related("string"):
        strings[segment.string.data] = translated(segment.string.data, code)
    strings[en.home.slug] = home.slug
    lang.home = refresh_demo_translation(en.home, locale, strings)
    return lang


def build_world(site_tree, languages=LANGUAGES):
    """The site in English and each of `languages` (English is always built)."""
    en = build_english(site_tree["en"])
    world = {"en": en}
    for code in languages:
        if code != "en":
            world[code] = build_translation(en, site_tree[code])
    return World(world)


def current_homes():
    from cms.core.models import HomePage

    return {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}


@pytest.fixture(scope="module", name="module_world")
def module_world_fixture(django_db_setup, django_db_blocker):
    """The world in every language, built once for a test module inside a transaction that is
    rolled back when the module is done (each test runs in a savepoint within it)."""
    with django_db_blocker.unblock():
        cache.clear()
        with transaction.atomic():
            built = build_world(current_homes())
            yield built
            transaction.set_rollback(True)
        cache.clear()


@pytest.fixture(name="world")
def world_fixture(module_world, db):
    """The module's world, every object read again (a test's changes are rolled back after it)."""
    return module_world.refreshed()
