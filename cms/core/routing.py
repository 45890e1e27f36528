"""Fewer queries to find and check the page a request asks for (issue #12, the query diet).

Wagtail routes one level at a time: each level costs a child lookup and a `.specific` query,
so an episode four levels down costs eight queries before it renders; its view-restriction
check costs two more (the ancestors' `alias_of`, then the restrictions). Here:

- `DirectRoutingMixin` (on each language's home page, where Wagtail starts routing) finds the
  page by its `url_path` in one small query and builds it in one more, then lets that page route
  itself as Wagtail would. Anything else (a route of the home page's own, a page not found, a
  path into a page type with routes of its own) goes Wagtail's way, so behaviour is unchanged.
- `SingleQueryViewRestrictionsMixin.get_view_restrictions` reads the restrictions on the page
  and its ancestors (or, for an alias, on its source) in one query; the ancestors' paths are
  prefixes of the page's own path.
- The page found carries its locale from `cached_locale`, so templates reading `page.locale`
  cost nothing.
- `CachedSiteMiddleware` gives Wagtail the request's Site (with its root page) from the page
  cache's frame, and `use_cached_active_locale` answers `Locale.get_active()` (asked when
  routing starts at the site's root page) from the cached locales: two queries fewer per miss.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models

from cms.core.localization import cached_locale, cached_locales
from cms.core.page_cache import generation_cached, page_cache_seconds


@cache
def _pages_route_like_wagtail(root_model):
    """True when no page type below the root (the language's home) has a `route` of its own:
    only then may a page be looked up by its url_path without asking each level."""
    return all(
        model.route is Page.route
        for model in get_page_models()
        if not issubclass(model, root_model) and model is not Page
    )


def page_at(root, path_components):
    """The specific page at `path_components` below `root`, or None (two queries)."""
    url_path = root.url_path + "/".join(path_components) + "/"
    found = (
        Page.objects.filter(
            path__startswith=root.path,
            depth=root.depth + len(path_components),
            url_path=url_path,
        )
        .values_list("pk", "content_type_id")
        .first()
    )
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[1]).model_class()
    if model is None:
        return None
    # A page type may name the relations its own page always shows (`serve_related`): loaded
    # in the same query instead of one each while rendering.
    related = getattr(model, "serve_related", ())
    page = model.objects.filter(pk=found[0]).select_related(*related).first()
    if page is not None:
        locale = cached_locale(page.locale_id)
        if locale is not None:
            page.locale = locale
    return page


class DirectRoutingMixin:
    """For the root page of each language: find the requested page in two queries."""

    def route(self, request, path_components):
        if path_components and _pages_route_like_wagtail(type(self)):
            page = page_at(self, path_components)
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)


class SingleQueryViewRestrictionsMixin:
    def get_view_restrictions(self):
        """Wagtail's rule (the page's and its ancestors' restrictions; an alias is checked as
        its source) in one query; with the page cache on, answered from its frame (no query)
        unless a password restriction applies (its form needs the live row)."""
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        aliases_sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values(
            "alias_of_id"
        )
        restrictions = PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page_id__in=aliases_sources)
        )
        if not page_cache_seconds() or not self.path:
            return restrictions
        found = generation_cached(
            "view-restrictions",
            [self.path],
            lambda: list(restrictions.prefetch_related("groups")),
            keep=lambda rows: all(
                row.restriction_type != PageViewRestriction.PASSWORD for row in rows
            ),
            frame=True,
        )
        if any(row.restriction_type == PageViewRestriction.PASSWORD for row in found):
            return restrictions
        # Django's QuerySet internals (5.2): iterating uses the filled result cache; anything
        # chained (order_by, exists on a clone) is a fresh query, as before.
        restrictions._result_cache = found
        restrictions._prefetch_done = True
        return restrictions


class CachedSiteMiddleware:
    """Wagtail memoises the request's Site on `request._wagtail_site` (Site.find_for_request);
    filled here from the cache for requests Wagtail's page view serves (and views marked
    `site_from_cache`, such as search), the site lookup costs no query (other views never ask
    for it, so they pay nothing). Kept with the page cache's frame:
    saving or deleting a Site or publishing a home page moves it on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.views import serve  # imports models: not at this module's import

        wants_site = view_func is serve or getattr(view_func, "site_from_cache", False)
        if not wants_site or hasattr(request, "_wagtail_site") or not page_cache_seconds():
            return None
        # CommonMiddleware has already checked the host against ALLOWED_HOSTS.
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        request._wagtail_site = generation_cached(
            "site",
            [hostname, port],
            lambda: site_with_specific_root(request),
            keep=lambda site: site is not None,
            frame=True,
        )
        return None


def site_with_specific_root(request):
    """The request's Site with its root page loaded as the specific home page: Wagtail routes
    from `site.root_page.localized.specific`, which then costs no query on the default
    language's pages (the home page is in the frame: publishing it moves the cache on)."""
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


def site_from_cache(view):
    """For a view of our own that renders the site's frame (navigation, language links) and so
    asks Wagtail for the Site: `CachedSiteMiddleware` gives it from the cache as for pages."""
    view.site_from_cache = True
    return view


def use_cached_active_locale():
    """`Locale.get_active()` from the cached locales (one cache read, no query); Wagtail's own
    answer when the active language has no cached locale."""
    original = Locale.get_active.__func__
    if getattr(original, "vendor_original", None):
        return

    def get_active(cls):
        language = translation.get_language()
        if language:
            try:
                code = get_supported_content_language_variant(language)
            except LookupError:
                code = None
            for locale in cached_locales().values():
                if locale.language_code == code:
                    return locale
        return original(cls)

    get_active.vendor_original = original
    Locale.get_active = classmethod(get_active)
