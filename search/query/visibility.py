"""What a visitor may find: live items in their language (default-language ones standing in for
missing translations) under no view restriction they do not pass (cms.core.access's rule)."""

from django.conf import settings
from django.db.models import Q
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from cms.core import access
from cms.core.localization import cached_locales
from cms.support.models import Helpline, SupportResource


def locale_for(language_code):
    """The Locale of `language_code`, from the cache of locales (no query once it is warm)."""
    for locale in cached_locales().values():
        if locale.language_code == language_code:
            return locale
    return Locale.objects.get(language_code=language_code)


def default_locale():
    return locale_for(get_supported_content_language_variant(settings.LANGUAGE_CODE))


def in_language(items, locale, fallback=True):
    """`items` in `locale`, plus default-language ones with no counterpart among `items` in
    `locale` (shown instead of a missing translation, marked as in another language)."""
    wanted = Q(locale=locale)
    default = default_locale()
    if fallback and locale.pk != default.pk:
        translated = items.filter(locale=locale).values("translation_key")
        wanted |= Q(locale=default) & ~Q(translation_key__in=translated)
    return items.filter(wanted)


def searchable_pages(locale, user, fallback=True):
    """Live pages of `locale` that `user` may see, plus default-language pages not (yet) live
    in `locale`."""
    pages = in_language(Page.objects.live(), locale, fallback).filter(depth__gt=1)
    # The restricted paths (one query, kept for the request) as conditions the search backends
    # accept: they filter on indexed fields only, so not `access.visible_q`'s EXISTS.
    for path in access.hidden_paths(user):
        pages = pages.exclude(path__startswith=path)
    return pages


# Helplines are a national list per language: another language's lines would be the wrong
# country's numbers, so they never stand in for a missing translation. The programme's own
# resources are the same everywhere, so an untranslated one is shown in the default language.
SUPPORT_MODELS = ((Helpline, False), (SupportResource, True))


def searchable_support(model, locale, fallback):
    """`model`'s live items in `locale`, plus default-language ones not translated into it."""
    return in_language(model.objects.filter(live=True), locale, fallback)
