"""Demo helplines, support resources and a support page in every demo language.

EVERY NUMBER HERE MUST BE VERIFIED WITH THE SERVICE BEFORE ANY REAL LAUNCH (see the README).
The national lines are well-known public services; `verified_on` is left empty on purpose so
the admin shows that nobody at the company has checked them yet. The programme's own
resources and contacts are placeholders (example.com addresses, fictional names).
"""

from cms.core.demo import read_demo_copy, translate_demo_object

from .factories import HelplineFactory, SupportPageFactory, SupportResourceFactory
from .models import Helpline, SupportPage, SupportResource

# The copy is in demo_data/<language>.json: each language's own helplines, and the English
# structure of the resources and support page (en.json) with each language's translation.
COPY = read_demo_copy("cms.support")
ENGLISH = COPY["en"]

# language: [helpline fields]; the first crisis line of a language is the banner's.
HELPLINES = {code: data["helplines"] for code, data in COPY.items()}

# The programme's own routes to help (placeholders): kind -> {language: (title, description)}
RESOURCES = {
    resource["kind"]: {
        code: (texts["title"], texts["description"])
        for code, texts in (
            (code, resource if code == "en" else data["resources"][resource["kind"]])
            for code, data in COPY.items()
        )
    }
    for resource in ENGLISH["resources"]
}
# kind -> (link URL, link text), for the resources with a link.
RESOURCE_LINKS = {
    resource["kind"]: (resource["link_url"], resource["link_text"])
    for resource in ENGLISH["resources"]
    if "link_url" in resource
}
# English link text -> {language: its translation}
LINK_TEXT_TRANSLATIONS = {
    resource["link_text"]: {
        code: data["resources"][resource["kind"]]["link_text"]
        for code, data in COPY.items()
        if code != "en"
    }
    for resource in ENGLISH["resources"]
    if "link_text" in resource
}

SUPPORT_PAGE = ENGLISH["support_page"]
SUPPORT_PAGE_TRANSLATIONS = {
    code: data["support_page"] for code, data in COPY.items() if code != "en"
}
# Fictional people with reserved example.com addresses.
DEMO_CONTACTS = ENGLISH["contacts"]


def build_helplines(loader):
    for code, lines in HELPLINES.items():
        locale = loader.locales[code]
        for fields in lines:
            if Helpline.objects.filter(locale=locale, name=fields["name"]).exists():
                continue
            HelplineFactory(locale=locale, **fields)
            loader.created["helplines"] += 1


def build_resources(loader):
    default = loader.locales["en"]
    for sort_order, (kind, texts) in enumerate(RESOURCES.items()):
        title, description = texts["en"]
        resource = SupportResource.objects.filter(locale=default, kind=kind).first()
        if resource is None:
            link_url, link_text = RESOURCE_LINKS.get(kind, ("", ""))
            resource = SupportResourceFactory(
                locale=default,
                kind=kind,
                title=title,
                description=description,
                link_url=link_url,
                link_text=link_text,
                sort_order=sort_order,
            )
            loader.created["support resources"] += 1
        for code, locale in loader.locales.items():
            if code == "en" or resource.has_translation(locale):
                continue
            strings = {title: texts[code][0], description: texts[code][1]}
            for source, translations in LINK_TEXT_TRANSLATIONS.items():
                strings[source] = translations[code]
            translate_demo_object(resource, locale, strings)
            loader.created["support resources"] += 1


def build_support_pages(loader):
    english_home = loader.homes["en"]
    page = SupportPage.objects.filter(locale=english_home.locale).first()
    if page is None:
        page = SupportPageFactory(
            parent=english_home,
            locale=english_home.locale,
            contacts=[("contact", contact) for contact in DEMO_CONTACTS],
            show_in_menus=True,
            **SUPPORT_PAGE,
        )
        page.save_revision().publish()
        loader.created["support pages"] += 1
    for code, locale in loader.locales.items():
        if code == "en" or page.has_translation(locale):
            continue
        translations = SUPPORT_PAGE_TRANSLATIONS[code]
        translate_demo_object(
            page, locale, {SUPPORT_PAGE[key]: value for key, value in translations.items()}
        )
        loader.created["support pages"] += 1


def build_demo(loader):
    build_helplines(loader)
    build_resources(loader)
    build_support_pages(loader)
