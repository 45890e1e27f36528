"""Which helplines and support page a visitor sees, by language.

Used by the banner on every page (including the login and error pages), so it must be cheap
and must never fail: two small queries at most, memoised on the request, no cache, no media
storage, and a fallback to the international directory when anything is missing or the
database does not answer.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext

from cms.core.localization import active_language_code

from .models import DEFAULT_FALLBACK_URL, Helpline, SupportPage

logger = logging.getLogger(__name__)


@dataclass
class CrisisSupport:
    """What the banner and the "talk to someone" block need for one language."""

    language_code: str
    crisis_line: Helpline | None = None
    helplines: list = field(default_factory=list)
    support_page: SupportPage | None = None
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

    Memoised on `request`, so the banner and any number of blocks on one page cost the same.
    """
    language_code = language_code or active_language_code()
    memo = getattr(request, "_crisis_support", None) if request is not None else None
    if memo is not None and language_code in memo:
        return memo[language_code]
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
            support.support_page = page
            support.support_page_url = page.get_url(request) or ""
            support.fallback_url = page.fallback_url or DEFAULT_FALLBACK_URL
            if page.locale.language_code == language_code:
                support.banner_text = page.banner_text or support.banner_text
                support.link_text = page.banner_link_text or support.link_text
        support.complete = True
    except DatabaseError:
        # Help must still be offered when the database is down: the fallback directory.
        logger.exception("Could not load the helplines for %s", language_code)
    if request is not None:
        if memo is None:
            memo = {}
            request._crisis_support = memo
        memo[language_code] = support
    return support
