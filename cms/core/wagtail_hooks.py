from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .page_cache import mark_served_page
from .taxonomy import Pillar, Topic


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    from .login_throttling import LoginLockoutViewSet

    return LoginLockoutViewSet()


# Inside Wagtail's view-restriction check (order 0): marks pages the page cache may keep.
hooks.register("on_serve_page", mark_served_page, order=100)


@hooks.register("on_serve_page", order=-1)
def refuse_logged_in_outsiders(callback):
    """Outside Wagtail's view-restriction check (order 0): Wagtail (8.0) answers a failed group
    restriction with a redirect to the login page even for a logged-in visitor, and our login
    page sends a logged-in visitor straight back: a redirect loop. For them, a page that says
    the page is for a group (403). Reads the response only, so it costs no query."""

    def inner(page, request, serve_args, serve_kwargs):
        response = callback(page, request, serve_args, serve_kwargs)
        if request.user.is_authenticated and is_login_redirect(response):
            return TemplateResponse(request, "403.html", status=403)
        return response

    return inner


def is_login_redirect(response):
    login_path = resolve_url(settings.WAGTAIL_FRONTEND_LOGIN_URL)
    return response.status_code == 302 and urlsplit(response["Location"]).path == login_path


@hooks.register("before_serve_document")
def documents_are_for_logged_in_employees(document, request):
    """Documents (toolkits, posters, transcripts) are internal, like every page of the site."""
    from .access import may_see_document

    if not may_see_document(request.user, document):
        return redirect_to_login(request.get_full_path())
    return None


class PillarViewSet(SnippetViewSet):
    model = Pillar
    icon = "pick"
    menu_label = _("Pillars")
    list_display = ["title", "slug", "sort_order"]
    search_fields = ["title"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (PillarViewSet, TopicViewSet)
    menu_icon = "pick"
    menu_label = _("Pillars and topics")
    menu_name = "taxonomy"


register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls", order=-1)
def checked_po_upload_url():
    """Our checks before wagtail-localize's PO upload, at its own address, registered before
    wagtail-localize's URLs (vendor patch po-upload-url; see po_upload)."""
    from django.urls import path

    from .po_upload import checked_upload_pofile
    from .vendor_patches.localize import PO_UPLOAD_PATH

    return [path(PO_UPLOAD_PATH, checked_upload_pofile, name="checked_upload_pofile")]


# The page chooser's search in the locale the chooser was opened for (cms.core.choosers).
PAGE_CHOOSER_SEARCH_URL_NAME = "wagtailadmin_choose_page_search"


@hooks.register("construct_page_chooser_queryset")
def filter_page_chooser_search(pages, request):
    """Search results in the chooser's locale, as its browse listing already is.

    The chooser modal sends the edited page's locale as `locale` (Wagtail's
    ACTIVE_CONTENT_LOCALE) and keeps it on the search form; Wagtail's browse listing applies it
    at the root, its search does not. Browsing below the root is left alone: Wagtail shows the
    parent's own subtree there, in the parent's locale.
    """
    match = request.resolver_match
    language_code = request.GET.get("locale")
    if match is None or match.url_name != PAGE_CHOOSER_SEARCH_URL_NAME or not language_code:
        return pages
    from .localization import cached_locales

    locale = next(
        (found for found in cached_locales().values() if found.language_code == language_code),
        None,
    )
    # By the locale itself: the search backend filters on Page's `locale` field only.
    return pages.filter(locale=locale) if locale else pages.none()
