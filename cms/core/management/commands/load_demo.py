"""Build the demo: languages, a home page per language, roles and demo users.

Idempotent: a second run finds everything in place and changes nothing.

Other apps add their own demo content: an app with a `demo` module defining
`build_demo(loader)` is called after the core content, in INSTALLED_APPS order. `loader` is
this command: `loader.locales` (language code -> Locale), `loader.homes` (language code ->
HomePage), `loader.created` (a Counter to report what was added) and `loader.stdout`.
Builders must be idempotent too.
"""

import os
from collections import Counter
from importlib import import_module

import factory.random
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from wagtail.models import Locale, Page, Site

from cms.core.demo import translate_demo_object
from cms.core.factories import HomePageFactory, UserFactory
from cms.core.models import HomePage
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

HOME_INTRODUCTION = "Podcasts, playlists and support for your mental health."
HOME_HEADING = "Why talking helps"
HOME_PARAGRAPH = (
    "Talking about how we feel is how we look after each other. "
    "You do not need the right words: listening is a good place to start."
)

# Demo translations of the home page's text, keyed by the English source string.
HOME_TRANSLATIONS = {
    "sv": {
        HOME_INTRODUCTION: "Poddar, spellistor och stöd för din psykiska hälsa.",
        HOME_HEADING: "Därför hjälper det att prata",
        HOME_PARAGRAPH: "Att prata om hur vi mår är hur vi tar hand om varandra. "
        "Du behöver inte hitta de rätta orden: att lyssna är en bra början.",
    },
    "de": {
        HOME_INTRODUCTION: "Podcasts, Playlists und Unterstützung für deine psychische Gesundheit.",
        HOME_HEADING: "Warum Reden hilft",
        HOME_PARAGRAPH: "Über Gefühle zu sprechen ist unsere Art, füreinander da zu sein. "
        "Du brauchst nicht die richtigen Worte: Zuhören ist ein guter Anfang.",
    },
    "es": {
        HOME_INTRODUCTION: "Pódcasts, listas de reproducción y apoyo para tu salud mental.",
        HOME_HEADING: "Por qué ayuda hablar",
        HOME_PARAGRAPH: "Hablar de cómo nos sentimos es nuestra forma de cuidarnos. "
        "No necesitas las palabras perfectas: escuchar es un buen comienzo.",
    },
    "fr": {
        HOME_INTRODUCTION: "Podcasts, playlists et soutien pour votre santé mentale.",
        HOME_HEADING: "Pourquoi parler aide",
        HOME_PARAGRAPH: "Parler de ce que l'on ressent, c'est prendre soin les uns des autres. "
        "Inutile de trouver les mots justes : écouter est un bon début.",
    },
    "pt-br": {
        HOME_INTRODUCTION: "Podcasts, playlists e apoio para a sua saúde mental.",
        HOME_HEADING: "Por que conversar ajuda",
        HOME_PARAGRAPH: "Falar sobre como nos sentimos é a forma de cuidarmos uns dos outros. "
        "Você não precisa das palavras certas: ouvir já é um bom começo.",
    },
}


def app_demo_builders():
    """`build_demo` of every installed app that has a `demo` module, in INSTALLED_APPS order."""
    builders = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "demo"):
            module = import_module(f"{app_config.name}.demo")
            builders.append(module.build_demo)
    return builders


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
            body=[
                ("heading", {"text": HOME_HEADING, "level": "h2"}),
                ("paragraph", f"<p>{HOME_PARAGRAPH}</p>"),
            ],
        )
        home.save_revision().publish()
        self.created["home pages"] += 1
        return home

    def ensure_default_site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                site_name=settings.WAGTAIL_SITE_NAME,
                root_page=home,
                is_default_site=True,
            )
            self.created["sites"] += 1
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save(update_fields=["root_page"])

    def ensure_translated_home(self, english_home, locale):
        """Translate through wagtail-localize, so translators can keep editing it there."""
        if HomePage.objects.filter(locale=locale).exists():
            return
        translate_demo_object(
            english_home, locale, HOME_TRANSLATIONS.get(locale.language_code, {}), publish=True
        )
        self.created["home pages"] += 1

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
