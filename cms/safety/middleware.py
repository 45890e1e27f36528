import re

from django.conf import settings

from .annotate import annotate_response

PREVIEW_URL_NAMES = {"preview_on_edit", "preview_on_add", "preview_on_create"}
HTML_LANG = re.compile(rb'<html[^>]*\slang="([A-Za-z-]+)"', re.IGNORECASE)


class SafeMessagingPreviewMiddleware:
    """Marks lexicon wording in the editor's preview (page and snippet previews), for the
    Checks panel's safe-messaging rules (cms.safety.userbar). Only admin preview URLs, which
    only editors reach; the live page is marked in the `on_serve_page` hook."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is None
            or match.url_name not in PREVIEW_URL_NAMES
            or response.status_code != 200
            or "html" not in response.get("Content-Type", "")
            or getattr(response, "streaming", False)
        ):
            return response
        return annotate_response(response, previewed_language(match, response))


def previewed_language(match, response):
    """The language of what is previewed: the page's (or, for a new page, its parent's)
    locale; else the preview's <html lang>; else None (every language's lexicon)."""
    from wagtail.models import Page

    page_id = match.kwargs.get("page_id") or match.kwargs.get("parent_page_id")
    if page_id:
        code = (
            Page.objects.filter(pk=page_id).values_list("locale__language_code", flat=True).first()
        )
        if code:
            return code
    lang = HTML_LANG.search(response.content[:2000])
    code = lang.group(1).decode().lower() if lang else None
    return code if code in dict(settings.LANGUAGES) else None
