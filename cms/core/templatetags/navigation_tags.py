from django import template
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from cms.core.access import visible_q
from cms.core.localization import active_language_code, cached_locale
from cms.core.models import HomePage
from cms.core.page_cache import generation_cached, group_key, page_cache_seconds, viewer_profile

register = template.Library()


def menu_pages(request):
    """(home, sections): the live home page in the active language and its live children marked
    "show in menus", in tree order. One query, memoised on the request (the navigation and every
    pillar link share it)."""
    memo = getattr(request, "_menu_pages", None)
    language_code = active_language_code()
    if memo is not None and memo[0] == language_code:
        return memo[1]
    site = Site.find_for_request(request)
    result = (None, [])
    if site is not None:
        result = shared_menu(request, site, language_code)
    if request is not None:
        request._menu_pages = (language_code, result)
    return result


def shared_menu(request, site, language_code):
    """The menu for everyone in the viewer's view-restriction groups, kept with the page cache's
    frame (it moves on when a home page or section, a site or a restriction changes): a page
    miss pays no menu query once any page in this language was rendered for those groups."""
    profile = None
    if page_cache_seconds() and request is not None and hasattr(request, "session"):
        profile = viewer_profile(request)
    if profile is None:
        return build_menu(request, site, language_code)
    return generation_cached(
        "menu",
        [site.pk, language_code, group_key(profile)],
        lambda: build_menu(request, site, language_code),
        frame=True,
    )


def build_menu(request, site, language_code):
    result = (None, [])
    root = site.root_page  # loaded with the site
    viewer = getattr(request, "user", None) or AnonymousUser()
    # The language's home and every page one level below a home that is in menus; the
    # sections under another site's home are dropped below (multi-site trees).
    rows = list(
        Page.objects.live()
        .filter(locale__language_code__in={language_code, settings.LANGUAGE_CODE})
        .filter(
            Q(depth=root.depth, translation_key=root.translation_key)
            # A section only for some groups is in their menu only (the site's one rule).
            | (Q(depth=root.depth + 1, show_in_menus=True) & visible_q(viewer))
        )
        .select_related("locale")
        .order_by("path")
    )
    homes = {page.locale.language_code: page for page in rows if page.depth == root.depth}
    home = homes.get(language_code) or homes.get(settings.LANGUAGE_CODE)
    if home is not None:
        sections = [
            page
            for page in rows
            if page.depth == home.depth + 1 and page.path.startswith(home.path)
        ]
        result = (home, sections)
    return result


def optional_url(name):
    """The URL named `name`, or None while that part of the site is not installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def current_state(request_path, url, *, sections=True):
    """The `aria-current` value for a link to `url`: "page" when it is the page being viewed,
    "true" when that page is inside the section it leads to, None otherwise."""
    if not url:
        return None
    if request_path == url:
        return "page"
    if sections and url.endswith("/") and request_path.startswith(url):
        return "true"
    return None


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Home, the home page's sections in menus (Listen, Campaigns, Support in the demo), then
    Search and My listening. The current one is marked with `aria-current`."""
    request = context["request"]
    home, sections = menu_pages(request)
    path = request.path
    items = []
    if home is not None:
        home_url = home.get_url(request)
        # Every page is under the home page: only the home page itself is marked.
        items.append(
            {
                "label": gettext("Home"),
                "url": home_url,
                "current": current_state(path, home_url, sections=False),
            }
        )
        for page in sections:
            url = page.get_url(request)
            items.append({"label": page.title, "url": url, "current": current_state(path, url)})
    for label, name in ((gettext("Search"), "search"), (gettext("My listening"), "my_listening")):
        url = optional_url(name)
        if url:
            items.append({"label": label, "url": url, "current": current_state(path, url)})
    return {"items": items, "request": request}


@register.simple_tag(takes_context=True)
def pillar_url(context, pillar):
    """The address of `pillar`'s listing on the home page of the language being read."""
    request = context.get("request")
    if pillar is None or request is None:
        return ""
    home, _sections = menu_pages(request)
    if home is None or not issubclass(home.specific_class, HomePage):
        return ""
    return (home.get_url(request) or "/") + HomePage.pillar_path(pillar.slug)


def language_of(page):
    """The page's language code from the cached locales (no query, no join); the locale is set
    on the page too, for templates that read `page.locale`."""
    locale = cached_locale(page.locale_id)
    if locale is None:
        return page.locale.language_code
    page.locale = locale
    return locale.language_code


def live_home_pages(site, language_codes):
    homes = Page.objects.filter(
        translation_key=site.root_page.translation_key,
        locale__language_code__in=language_codes,
    ).live()
    return {language_of(home): home for home in homes}


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
        for version in translations:
            versions[language_of(version)] = version
        if page.live:
            versions[language_of(page)] = page
    missing = [code for code, _name in settings.LANGUAGES if code not in versions]
    home_pages = {}
    if missing:
        site = Site.find_for_request(request) if request is not None else None
        if site is not None:
            # Home pages are the frame's: kept with it, per site and set of languages.
            home_pages = generation_cached(
                "home-pages",
                [site.root_page.translation_key, *missing],
                lambda: live_home_pages(site, missing),
                frame=True,
            )
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
