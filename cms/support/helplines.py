"""Which helplines and support page a visitor sees, by language.

Used by the banner on every page (including the login and error pages), so it must be cheap
and must never fail: two small queries at most, kept with the page cache's frame (any snippet
published or the support page changed moves it on) and memoised on the request, no media
storage, and a fallback to the international directory when anything is missing or the
database does not answer (never kept).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import get_language, gettext

from cms.core.localization import active_language_code
from cms.core.page_cache import generation_cached

from .models import DEFAULT_FALLBACK_URL, Helpline, SupportPage

logger = logging.getLogger(__name__)


@dataclass
class CrisisSupport:
    """What the banner and the "talk to someone" block need for one language."""

    language_code: str
    crisis_line: Helpline | None = None
    helplines: list = field(default_factory=list)
    # The support page's locale (not the page: this is kept in the cache, and small).
    support_page_locale_id: int | None = None
    support_page_url: str = ""
    banner_text: str = ""
    link_text: str = ""
    fallback_url: str = DEFAULT_FALLBACK_URL
    # False when the database did not answer and this is the fallback (never cached).
    complete: bool = False

    @property
    def has_local_crisis_line(self):
        return self.crisis_line is not None


def support_page_for(language_code, request=None):
    """The live support page in this language, else the default language's, else None.

    Memoised on `request`: the banner and the search results' links to helplines ask for the
    same page."""
    memo = getattr(request, "_support_pages", None) if request is not None else None
    if memo is not None and language_code in memo:
        return memo[language_code]
    default_code = settings.LANGUAGE_CODE
    candidates = {
        page.locale.language_code: page
        for page in SupportPage.objects.live()
        .filter(locale__language_code__in={language_code, default_code})
        .select_related("locale")
    }
    page = candidates.get(language_code) or candidates.get(default_code)
    if request is not None:
        if memo is None:
            memo = {}
            request._support_pages = memo
        memo[language_code] = page
    return page


def crisis_support(request=None, language_code=None):
    """The crisis line(s) and support page for `language_code` (default: the active language).

    Kept with the page cache's frame and memoised on `request`, so the banner, the home page's
    help links and any number of blocks on one page cost the same, usually nothing.
    """
    language_code = language_code or active_language_code()
    memo = getattr(request, "_crisis_support", None) if request is not None else None
    if memo is not None and language_code in memo:
        return memo[language_code]
    host = request.get_host() if request is not None else ""
    support = generation_cached(
        "crisis-support",
        # The interface language too: the default banner and link texts are in it.
        [language_code, get_language() or "", host],
        lambda: load_crisis_support(request, language_code),
        keep=lambda value: value.complete,
        frame=True,
    )
    if request is not None:
        if memo is None:
            memo = {}
            request._crisis_support = memo
        memo[language_code] = support
    return support


def load_crisis_support(request, language_code):
    support = CrisisSupport(
        language_code=language_code,
        banner_text=gettext("Need to talk to someone now?"),
        link_text=gettext("All ways to get support"),
    )
    try:
        support.helplines = list(
            Helpline.objects.filter(locale__language_code=language_code, live=True)
        )
        support.crisis_line = next(
            (line for line in support.helplines if line.is_crisis_line), None
        )
        page = support_page_for(language_code, request)
        if page is not None:
            support.support_page_locale_id = page.locale_id
            support.support_page_url = page.get_url(request) or ""
            support.fallback_url = page.fallback_url or DEFAULT_FALLBACK_URL
            if page.locale.language_code == language_code:
                support.banner_text = page.banner_text or support.banner_text
                support.link_text = page.banner_link_text or support.link_text
        support.complete = True
    except DatabaseError:
        # Help must still be offered when the database is down: the fallback directory.
        logger.exception("Could not load the helplines for %s", language_code)
    return support
