"""Build the demo: languages, a home page per language, roles and demo users.

Idempotent: a second run finds everything in place and changes nothing.

Other apps add their own demo content: each module in DEMO_STEPS defines
`build_demo(loader)`, called after the core content, in the list's order. `loader` is
this command: `loader.locales` (language code -> Locale), `loader.homes` (language code ->
HomePage), `loader.created` (a Counter to report what was added) and `loader.stdout`.
Builders must be idempotent too.
"""

import os
from collections import Counter

import factory.random
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.models import Locale, Page, Site

from cms.core.demo import COPY, refresh_demo_translation, translate_demo_object
from cms.core.factories import HomePageFactory, UserFactory
from cms.core.models import HomeFeaturedPlaylist, HomePage
from cms.core.signal_handlers import ensure_login_restriction
from cms.workflows.roles import (  # ROLE_GROUPS is re-exported for the tests
    EDITORS,
    EMPLOYEES,
    ROLE_GROUPS,
    TRANSLATORS,
    WELLBEING_REVIEWERS,
)

DEMO_SEED = 20261127
DEFAULT_DEMO_PASSWORD = "heartandsoul-demo"  # noqa: S105  (demo only, documented in the README)

DEMO_USERS = [
    # username, first name, last name, groups, superuser
    ("admin", "Ada", "Admin", [], True),
    ("editor", "Elin", "Editor", [EDITORS], False),
    ("reviewer", "Ravi", "Reviewer", [EDITORS, WELLBEING_REVIEWERS], False),
    ("translator", "Tomás", "Translator", [TRANSLATORS], False),
    ("employee", "Emma", "Employee", [EMPLOYEES], False),
]

# The demo's build steps, in this order (not INSTALLED_APPS'): each module's
# `build_demo(loader)` runs after the core content (languages, homes, groups, users). Later
# steps use earlier ones' content: campaigns feature the library's episodes and link to the
# support page, and insights count every page built before it.
DEMO_STEPS = [
    "cms.core.demo",  # pillars and topics
    "cms.support.demo",  # helplines, support resources, the support page
    "library.demo",  # shows, episodes, playlists
    "campaigns.demo",
    "search.demo",  # crisis search terms
    "cms.safety.demo",  # the safe-messaging lexicon
    "cms.insights.demo",  # aggregate counts for every page above
]

# The home page's text (cms/core/demo_data/<language>.json, "home"): field -> English text.
HOME_COPY = COPY["en"]["home"]
HOME_INTRODUCTION = HOME_COPY["introduction"]
HOME_PILLARS_INTRODUCTION = HOME_COPY["pillars_introduction"]
HOME_PLAYLISTS_INTRODUCTION = HOME_COPY["featured_playlists_introduction"]
HOME_HELP_INTRODUCTION = HOME_COPY["help_introduction"]
HOME_HEADING = HOME_COPY["heading"]
HOME_PARAGRAPH = HOME_COPY["paragraph"]
# The playlists the home page features (library demo slugs, in this order).
HOME_FEATURED_PLAYLISTS = ["start-here", "wind-down"]
# The home page's sections in the menu; a page type listed later sits later in the tree.
MENU_SECTION_MODELS = [
    ("library", "LibraryIndexPage"),
    ("campaigns", "CampaignIndexPage"),
    ("support", "SupportPage"),
]
# Demo translations of the home page's text, keyed by the English source string.
HOME_TRANSLATIONS = {
    code: {HOME_COPY[field]: text for field, text in data["home"].items()}
    for code, data in COPY.items()
    if code != "en"
}


def ensure_default_site(home):
    """Make `home` the default Site's root page, creating the Site if there is none. Returns
    whether it was created. The test suite's base tree uses it too."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name=settings.WAGTAIL_SITE_NAME,
            root_page=home,
            is_default_site=True,
        )
        return True
    if site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return False


def app_demo_builders():
    """`build_demo` of every step in DEMO_STEPS, in that order."""
    return [import_string(f"{module}.build_demo") for module in DEMO_STEPS]


class Command(BaseCommand):
    help = (
        "Load the demo content: a home page per language, the role groups and the demo users "
        "(password from DEMO_PASSWORD). Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        factory.random.reseed_random(DEMO_SEED)
        self.created = Counter()
        with transaction.atomic():
            locales = self.ensure_locales()
            english_home = self.ensure_english_home(locales[settings.LANGUAGE_CODE])
            self.ensure_default_site(english_home)
            for locale in locales.values():
                if locale.language_code != settings.LANGUAGE_CODE:
                    self.ensure_translated_home(english_home, locale)
            for home in HomePage.objects.all():
                self.ensure_restricted(home)
            self.ensure_groups()
            self.ensure_users()
            self.locales = locales
            self.homes = {
                home.locale.language_code: home
                for home in HomePage.objects.select_related("locale")
            }
            for build_demo in app_demo_builders():
                build_demo(self)
            # After the apps: the front door features their pages and orders their sections.
            self.ensure_front_door()
            self.ensure_menu_sections()
        created = +self.created  # drops the zero counts
        if options["verbosity"] == 0:
            return
        if created:
            summary = ", ".join(f"{count} {what}" for what, count in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo content created: {summary}."))
        else:
            self.stdout.write("Demo content already in place; nothing to do.")

    def ensure_locales(self):
        locales = {}
        for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            locale, created = Locale.objects.get_or_create(language_code=language_code)
            self.created["languages"] += created
            locales[language_code] = locale
        return locales

    def ensure_english_home(self, locale):
        home = HomePage.objects.filter(locale=locale).first()
        if home:
            return home
        root = Page.get_first_root_node()
        # Wagtail's "Welcome" placeholder takes the slug we want; its Site goes with it.
        for placeholder in root.get_children().filter(
            locale=locale, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            placeholder.delete()
        home = HomePageFactory(
            parent=root,
            locale=locale,
            introduction=HOME_INTRODUCTION,
            pillars_introduction=HOME_PILLARS_INTRODUCTION,
            featured_playlists_introduction=HOME_PLAYLISTS_INTRODUCTION,
            help_introduction=HOME_HELP_INTRODUCTION,
            body=[
                ("heading", {"text": HOME_HEADING, "level": "h2"}),
                ("paragraph", f"<p>{HOME_PARAGRAPH}</p>"),
            ],
        )
        home.save_revision().publish()
        self.created["home pages"] += 1
        return home

    def ensure_default_site(self, home):
        self.created["sites"] += ensure_default_site(home)

    def ensure_translated_home(self, english_home, locale):
        """Translate through wagtail-localize, so translators can keep editing it there."""
        if HomePage.objects.filter(locale=locale).exists():
            return
        translate_demo_object(
            english_home, locale, HOME_TRANSLATIONS.get(locale.language_code, {}), publish=True
        )
        self.created["home pages"] += 1

    def ensure_front_door(self):
        """Fill the home page's front-door fields (texts, featured playlists) where an older
        demo lacks them, then bring its translations up to date through wagtail-localize."""
        from library.models import PlaylistPage

        english_home = HomePage.objects.get(pk=self.homes[settings.LANGUAGE_CODE].pk)
        changed = False
        for field, text in [
            ("pillars_introduction", HOME_PILLARS_INTRODUCTION),
            ("featured_playlists_introduction", HOME_PLAYLISTS_INTRODUCTION),
            ("help_introduction", HOME_HELP_INTRODUCTION),
        ]:
            if not getattr(english_home, field):
                setattr(english_home, field, text)
                changed = True
        if not english_home.featured_playlists.exists():
            playlists = {
                playlist.slug: playlist
                for playlist in PlaylistPage.objects.descendant_of(english_home).filter(
                    slug__in=HOME_FEATURED_PLAYLISTS, locale=english_home.locale
                )
            }
            english_home.featured_playlists = [
                HomeFeaturedPlaylist(playlist=playlists[slug], sort_order=order)
                for order, slug in enumerate(HOME_FEATURED_PLAYLISTS)
                if slug in playlists
            ]
            changed = changed or bool(playlists)
        if not changed:
            return
        english_home.save_revision().publish()
        self.created["home page front doors"] += 1
        for code, locale in self.locales.items():
            if code != settings.LANGUAGE_CODE:
                refresh_demo_translation(english_home, locale, HOME_TRANSLATIONS.get(code, {}))

    def ensure_menu_sections(self):
        """Listen, Campaigns and Support in every language's menu, in that order (the menu
        follows the page tree, where editors can reorder them too)."""
        models = [apps.get_model(app_label, name) for app_label, name in MENU_SECTION_MODELS]
        for home in HomePage.objects.all():
            for model in models:
                for page in model.objects.child_of(home).filter(show_in_menus=False):
                    page.show_in_menus = True
                    page.save_revision().publish()
            # In the menu's order in the tree (a new demo builds Support first).
            sections = [model.objects.child_of(home).first() for model in models]
            sections = [section for section in sections if section is not None]
            paths = [section.path for section in sections]
            if paths != sorted(paths):
                for section in sections:
                    # Fetched again: every move renumbers the paths of the pages after it.
                    Page.objects.get(pk=section.pk).move(home, pos="last-child")

    def ensure_restricted(self, home):
        before = home.view_restrictions.count()
        ensure_login_restriction(home)
        self.created["login restrictions"] += home.view_restrictions.count() - before

    def ensure_groups(self):
        """The role groups and their permissions come from cms.workflows' data migration."""
        present = set(Group.objects.filter(name__in=ROLE_GROUPS).values_list("name", flat=True))
        missing = [name for name in ROLE_GROUPS if name not in present]
        if missing:
            raise CommandError(
                f"The role groups {', '.join(missing)} are missing: run `manage.py migrate`."
            )

    def ensure_users(self):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        User = get_user_model()
        for username, first_name, last_name, group_names, is_superuser in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            groups = list(Group.objects.filter(name__in=group_names))
            UserFactory(
                username=username,
                first_name=first_name,
                last_name=last_name,
                password=password,
                is_superuser=is_superuser,
                is_staff=is_superuser,
                groups=groups,
            )
            self.created["users"] += 1
