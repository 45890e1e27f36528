"""The small tree every test starts from, built by factories rather than loaded from the demo.

The base is what any install of the site has before editors write a word: the six content
languages, a home page per language (logged-in only, as the signal handlers make it), the
default Site, the role groups with their permissions and the review workflow. Test modules
build the pages and snippets they need on top of it with the app factories.

Transactional tests (the browser tests' live server needs committed rows) end with a flush,
which empties every table, including what migrations put there (Wagtail's root page and
root collection, the roles' data migration). `ensure_base_tree` puts it all back from code,
so no snapshot of the database is kept or restored.
"""

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from cms.core.demo import translate_demo_object
from cms.core.factories import HomePageFactory
from cms.core.management.commands.load_demo import ensure_default_site
from cms.core.models import HomePage
from cms.core.signal_handlers import ensure_login_restriction
from cms.safety.permissions import grant_lexicon_permissions
from cms.workflows.setup import create_roles_and_workflow
from cms.workflows.signal_handlers import grant_snippet_permissions

# The home page's heading (the factory's sample body) in each language.
HOME_HEADING = "Why talking helps"
HOME_HEADINGS = {
    "sv": "Därför hjälper det att prata",
    "de": "Warum Reden hilft",
    "es": "Por qué ayuda hablar",
    "fr": "Pourquoi parler aide",
    "pt-br": "Por que conversar ajuda",
}
INSIGHTS_PERMISSION_MIGRATION = (
    "cms.insights.migrations.0002_insights_permission_for_editors_and_reviewers"
)


def ensure_base_tree():
    """Build whatever of the base is missing; return the home pages by language code."""
    with transaction.atomic():
        locales = ensure_locales()
        root = ensure_root_page(locales[settings.LANGUAGE_CODE])
        if not Collection.objects.filter(depth=1).exists():
            Collection.add_root(name="Root")
        ensure_roles()
        english_home = ensure_english_home(root, locales[settings.LANGUAGE_CODE])
        ensure_default_site(english_home)
        for code, locale in locales.items():
            if code != settings.LANGUAGE_CODE and not HomePage.objects.filter(locale=locale):
                # Through wagtail-localize, as translators make them.
                strings = {HOME_HEADING: HOME_HEADINGS[code]}
                translate_demo_object(english_home, locale, strings, publish=True)
        homes = {
            home.locale.language_code: home for home in HomePage.objects.select_related("locale")
        }
        for home in homes.values():
            ensure_login_restriction(home)
    return homes


def ensure_locales():
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
    }


def ensure_root_page(locale):
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    # Wagtail's migration adds a "Welcome" page (and a Site for it) that holds the slug "home".
    for placeholder in root.get_children().filter(
        content_type__app_label="wagtailcore", content_type__model="page"
    ):
        placeholder.delete()
    return root


def ensure_roles():
    """The roles' data migration and the post-migrate grants, as `migrate` leaves them."""
    create_roles_and_workflow(apps)
    importlib.import_module(INSIGHTS_PERMISSION_MIGRATION).grant(apps, None)
    workflows_app = apps.get_app_config("workflows")
    grant_snippet_permissions(sender=workflows_app)
    grant_lexicon_permissions(sender=apps.get_app_config("safety"))


def ensure_english_home(root, locale):
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        home = HomePageFactory(parent=root, locale=locale)
        home.save_revision().publish()
    return home


def base_fingerprint():
    """What the roles and workflow grant, as comparable data: a rebuilt base must match the
    migrated one exactly, or a test after a flush would run with different permissions."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission, GroupPagePermission, WorkflowPage

    def names(permissions):
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)

    groups = {
        group.name: names(group.permissions.select_related("content_type"))
        for group in Group.objects.order_by("name")
    }
    page_permissions = sorted(
        (gpp.group.name, gpp.page.url_path, gpp.permission.codename)
        for gpp in GroupPagePermission.objects.select_related("group", "page", "permission")
    )
    collection_permissions = sorted(
        (gcp.group.name, gcp.collection.name, gcp.permission.codename)
        for gcp in GroupCollectionPermission.objects.select_related(
            "group", "collection", "permission"
        )
    )
    workflows = sorted(
        (wp.page.url_path, wp.workflow.name, [t.name for t in wp.workflow.tasks])
        for wp in WorkflowPage.objects.select_related("page", "workflow")
        if wp.workflow.active
    )
    homes = sorted(
        (home.locale.language_code, home.url_path, home.live, home.view_restrictions.count())
        for home in HomePage.objects.select_related("locale")
    )
    return {
        "groups": groups,
        "page_permissions": page_permissions,
        "collection_permissions": collection_permissions,
        "workflows": workflows,
        "homes": homes,
        "sites": list(Site.objects.values_list("hostname", "port", "is_default_site")),
    }


def ensure_people():
    """The demo's five people (admin, editor, reviewer, translator, employee), with the demo
    password: the browser journeys log in through the form as them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cms.core.factories import UserFactory
    from cms.core.management.commands.load_demo import DEFAULT_DEMO_PASSWORD, DEMO_USERS

    users = {}
    for username, first_name, last_name, group_names, is_superuser in DEMO_USERS:
        users[username] = get_user_model().objects.filter(username=username).first() or (
            UserFactory(
                username=username,
                first_name=first_name,
                last_name=last_name,
                password=DEFAULT_DEMO_PASSWORD,
                is_superuser=is_superuser,
                is_staff=is_superuser,
                groups=list(Group.objects.filter(name__in=group_names)),
            )
        )
    return users


# Titles a listener's pages get, per language: long enough (German and Swedish compounds) that a
# layout test on a 320 px phone would catch text that does not wrap.
LISTENER_TEXTS = {
    "en": {
        "pillars": [
            "Raise awareness and build knowledge",
            "Enable proactive self-care and professional support",
            "Normalise the conversation to reduce stigma",
        ],
        "slugs": {"library": "listen", "campaigns": "campaigns", "support": "support"},
        "topic": "Sleep",
        "show": "Talking minds: conversations about how we really are",
        "episode": "Rest is not a reward: burnout, sleep and saying no",
        "playlist": "Wind down after a demanding working day",
        "campaign": "Let's talk about burnout",
        "support": "Get support",
        "banner": ("Need to talk to someone now?", "All ways to get support"),
        "helpline": "Employee assistance counselling line",
        "resource": "Short-term counselling, day and night",
    },
    "sv": {
        "pillars": [
            "Öka medvetenheten och kunskapen",
            "Möjliggör förebyggande egenvård och professionellt stöd",
            "Normalisera samtalet för att minska stigmat",
        ],
        "slugs": {"library": "lyssna", "campaigns": "kampanjer", "support": "stod"},
        "topic": "Sömn",
        "show": "Tankar som talar: samtal om hur vi egentligen mår",
        "episode": "Vila är ingen belöning: utbrändhet, sömnsvårigheter och arbetsmiljöansvar",
        "playlist": "Varva ner efter en krävande arbetsdag",
        "campaign": "Vi pratar om utbrändhet",
        "support": "Få stöd",
        "banner": ("Behöver du prata med någon nu?", "Alla sätt att få stöd"),
        "helpline": "Personalstödets samtalslinje",
        "resource": "Korttidsrådgivning dygnet runt",
    },
    "de": {
        "pillars": [
            "Bewusstsein schaffen und Gesundheitskompetenz aufbauen",
            "Eigenverantwortliche Selbstfürsorge und professionelle Unterstützung ermöglichen",
            "Das Gespräch normalisieren, um Stigmatisierung abzubauen",
        ],
        "slugs": {"library": "hoeren", "campaigns": "kampagnen", "support": "unterstuetzung"},
        "topic": "Schlaf",
        "show": "Gedankengänge: Gespräche darüber, wie es uns wirklich geht",
        "episode": "Erholung ist keine Belohnung: Erschöpfungszustände und Arbeitsplatzgesundheit",
        "playlist": "Nach einem anstrengenden Arbeitstag zur Ruhe kommen",
        "campaign": "Wir sprechen über Burnout",
        "support": "Unterstützung finden",
        "banner": ("Brauchst du jetzt jemanden zum Reden?", "Alle Wege zur Unterstützung"),
        "helpline": "Mitarbeiterberatungstelefon",
        "resource": "Kurzzeitberatung rund um die Uhr",
    },
}
# The programme's three priorities, in this order, by slug.
PILLAR_SLUGS = ["awareness", "self-care-and-support", "conversation"]


@dataclass
class ListenerPages:
    """One published page of each type a listener reads, in one language."""

    home: Page
    library: Page
    show: Page
    episode: Page
    playlist: Page
    campaign_index: Page
    campaign: Page
    support: Page
    pillar: object
    topic: object
    helpline: object

    def urls(self):
        return [
            page.url
            for page in (
                self.home,
                self.library,
                self.show,
                self.episode,
                self.playlist,
                self.campaign_index,
                self.campaign,
                self.support,
            )
        ]


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_listener_pages(home):
    """A library (show, episode with audio and transcript, playlist), a running campaign, the
    support page with a crisis helpline and a resource, a pillar and a topic, under `home` and
    in its language. Texts come from LISTENER_TEXTS (English for other languages)."""
    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
    from cms.core.factories import PillarFactory, TopicFactory
    from cms.support.factories import (
        HelplineFactory,
        SupportPageFactory,
        SupportResourceFactory,
    )
    from library.factories import (
        AudioFileFactory,
        EpisodePageFactory,
        LibraryIndexPageFactory,
        PlaylistItemFactory,
        PlaylistPageFactory,
        PodcastShowPageFactory,
        TranscriptFactory,
    )

    locale = home.locale
    code = locale.language_code
    texts = LISTENER_TEXTS.get(code, LISTENER_TEXTS["en"])
    pillars = [
        PillarFactory(locale=locale, slug=slug, title=title, sort_order=order)
        for order, (slug, title) in enumerate(zip(PILLAR_SLUGS, texts["pillars"], strict=True))
    ]
    pillar = pillars[-1]  # the campaign's: "conversation"
    topic = TopicFactory(locale=locale, slug="sleep", name=texts["topic"])
    helpline = HelplineFactory(locale=locale, name=texts["helpline"], phone_number="020 123 456")
    SupportResourceFactory(locale=locale, title=texts["resource"])

    slugs = texts["slugs"]
    library = published(
        LibraryIndexPageFactory(parent=home, slug=slugs["library"], show_in_menus=True)
    )
    show = published(PodcastShowPageFactory(parent=library, title=texts["show"]))
    episode = EpisodePageFactory(
        parent=show,
        title=texts["episode"],
        content_notes="Mentions exhaustion and burnout.",
        audio=AudioFileFactory(title=texts["episode"], language=code),
        transcript=TranscriptFactory(title=texts["episode"], locale=locale),
    )
    episode.topics.add(topic)
    episode = published(episode)
    playlist = PlaylistPageFactory(parent=library, title=texts["playlist"])
    PlaylistItemFactory(playlist=playlist, episode=episode, sort_order=0)
    playlist = published(playlist)
    campaign_index = published(
        CampaignIndexPageFactory(parent=home, slug=slugs["campaigns"], show_in_menus=True)
    )
    campaign = published(
        CampaignPageFactory(
            parent=campaign_index,
            title=texts["campaign"],
            pillar=pillar,
            body=[
                ("paragraph", "<p>Burnout builds slowly. Noticing it early helps.</p>"),
                ("featured_episode", {"episode": episode, "note": ""}),
                ("talk_to_someone", {"heading": "Talk to someone", "text": ""}),
            ],
        )
    )
    support = published(
        SupportPageFactory(
            parent=home,
            slug=slugs["support"],
            title=texts["support"],
            banner_text=texts["banner"][0],
            banner_link_text=texts["banner"][1],
            show_in_menus=True,
        )
    )
    return ListenerPages(
        home=home,
        library=library,
        show=show,
        episode=episode,
        playlist=playlist,
        campaign_index=campaign_index,
        campaign=campaign,
        support=support,
        pillar=pillar,
        topic=topic,
        helpline=helpline,
    )
