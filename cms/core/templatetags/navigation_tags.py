from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page, Site

register = template.Library()


def localized_site_root(request):
    """The home page in the active language, falling back to the site's default one."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    root = localized_site_root(request)
    items = (
        root.get_children().live().in_menu().specific(defer=True) if root else Page.objects.none()
    )
    current = context.get("page")
    return {
        "home": root,
        "items": items,
        "current_path": current.url_path if current else "",
        "request": request,
    }


def page_languages(request, page):
    """The page's live versions and, for languages it lacks, that language's home page.

    Returns (versions, home_pages): `versions` maps language code to the live page in that
    language (this page included when live), `home_pages` maps each remaining content language
    to its live home page. Worked out once per request (the switcher and the head share it),
    in two queries at most.
    """
    cache = getattr(request, "_page_languages", None) if request is not None else None
    key = page.pk if page is not None else None
    if cache is not None and cache[0] == key:
        return cache[1]
    versions = {}
    if page is not None and getattr(page, "pk", None):
        translations = Page.objects.filter(translation_key=page.translation_key).live()
        for version in translations.select_related("locale"):
            versions[version.locale.language_code] = version
        if page.live:
            versions[page.locale.language_code] = page
    missing = [code for code, _name in settings.LANGUAGES if code not in versions]
    home_pages = {}
    if missing:
        site = Site.find_for_request(request) if request is not None else None
        if site is not None:
            homes = (
                Page.objects.filter(
                    translation_key=site.root_page.translation_key,
                    locale__language_code__in=missing,
                )
                .live()
                .select_related("locale")
            )
            home_pages = {home.locale.language_code: home for home in homes}
    result = (versions, home_pages)
    if request is not None:
        request._page_languages = (key, result)
    return result


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it is live in, then to the home page of each
    language it is not available in (never a copy of the page in the wrong language)."""
    request = context.get("request")
    page = context.get("page")
    current = page.locale.language_code if page is not None else translation.get_language()
    versions, home_pages = page_languages(request, page)
    order = [code for code, _name in settings.LANGUAGES]
    translations = [
        {"code": code, "page": versions[code]}
        for code in order
        if code in versions and code != current
    ]
    homes = [
        {"code": code, "page": home_pages[code]}
        for code in order
        if code in home_pages and code != current
    ]
    return {"page": page, "translations": translations, "homes": homes, "request": request}


@register.inclusion_tag("includes/alternate_links.html", takes_context=True)
def alternate_links(context):
    """`<link rel="alternate" hreflang>` for each live version of the page, and x-default."""
    request = context.get("request")
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return {"alternates": []}
    versions, _homes = page_languages(request, page)
    alternates = [
        {"hreflang": code, "url": versions[code].get_full_url(request)}
        for code, _name in settings.LANGUAGES
        if code in versions
    ]
    default = versions.get(settings.LANGUAGE_CODE)
    if default is not None:
        alternates.append({"hreflang": "x-default", "url": default.get_full_url(request)})
    return {"alternates": alternates}
