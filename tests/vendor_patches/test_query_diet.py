"""Wagtail behaviour behind the query diet: routing, site and locale, restrictions, userbar."""

import inspect

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from wagtail.models import Page, TranslatableMixin

from cms.workflows import roles
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


def test_vendor_behaviour_direct_page_routing(rf, site_tree):
    from django.http import Http404

    from cms.core.models import HomePage
    from cms.core.routing import _pages_route_like_wagtail

    # Wagtail still routes one level at a time, and no page type below a home page has routes
    # of its own (otherwise the mixin steps aside and this patch does nothing).
    assert "self.get_children().get(slug=child_slug)" in inspect.getsource(Page.route)
    assert _pages_route_like_wagtail(HomePage)
    request = rf.get("/")
    for home in site_tree.values():
        for page in home.get_descendants().live():
            components = page.url_path[len(home.url_path) :].strip("/").split("/")
            ours = home.route(request, components)
            wagtails = Page.route(home, request, components)
            assert ours.page.pk == wagtails.page.pk == page.pk, page.url_path
            assert type(ours.page) is type(wagtails.page)
        for missing in (["no-such-page"], [*components[:-1], "no-such-page"]):
            with pytest.raises(Http404):
                home.route(request, missing)


def test_vendor_behaviour_site_and_active_locale_from_cache(rf, site_tree, settings):
    from django.core.cache import cache
    from django.utils import translation
    from wagtail.models import Locale, Site
    from wagtail.views import serve

    from cms.core.routing import CachedSiteMiddleware

    # Wagtail still memoises the request's site where the middleware puts it...
    request = rf.get("/en/")
    marker = object()
    request._wagtail_site = marker
    assert Site.find_for_request(request) is marker
    # ...and the middleware's site is the one Wagtail finds, from the cache on the next request.
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        middleware = CachedSiteMiddleware(lambda request: None)
        first = rf.get("/en/")
        middleware.process_view(first, serve, (), {})
        second = rf.get("/en/")
        with CaptureQueriesContext(connection) as queries:
            middleware.process_view(second, serve, (), {})
        assert len(queries) == 0
        # Wagtail's page view is still the one pages are served by.
        assert resolve("/en/").func is serve
        assert second._wagtail_site.pk == Site.find_for_request(rf.get("/en/")).pk
        assert second._wagtail_site.root_page.pk == first._wagtail_site.root_page.pk
    finally:
        cache.clear()
    # Routing from the site's root still asks Locale.get_active(), which is ours and gives
    # Wagtail's answer (its own query) for every language, without a query once cached.
    assert "Locale.get_active()" in inspect.getsource(TranslatableMixin.localized_draft.fget)
    original = Locale.get_active.__func__.vendor_original
    for code in [language for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES]:
        with translation.override(code):
            Locale.get_active()
            with CaptureQueriesContext(connection) as queries:
                ours = Locale.get_active()
            assert ours == original(Locale) and len(queries) == 0, code


def test_vendor_behaviour_single_query_view_restrictions(site_tree, role_users):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    source = inspect.getsource(Page.get_view_restrictions)
    assert "alias_of" in source and "get_ancestors" in source
    # A group restriction on one section and a password on a page below it, beside the
    # home pages' logged-in restriction: every page's set must be Wagtail's set.
    section = site_tree["en"].get_children().first()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=roles.EDITORS))
    child = section.get_children().first()
    if child is not None:
        PageViewRestriction.objects.create(
            page=child, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    for page in Page.objects.filter(depth__gt=1).specific():
        ours = set(page.get_view_restrictions().values_list("pk", flat=True))
        wagtails = set(Page.get_view_restrictions(page).values_list("pk", flat=True))
        assert ours == wagtails, page.url_path


def test_vendor_behaviour_userbar_for_staff():
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    from cms.core.admin_access import ADMIN_ACCESS_PERMISSION

    assert list(inspect.signature(wagtailuserbar).parameters) == ["context", "position"]
    assert f'user.has_perm("{ADMIN_ACCESS_PERMISSION}")' in inspect.getsource(wagtailuserbar)
