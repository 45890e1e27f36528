"""Finding: the pages, helplines and support resources that match the words, best first, and
the pages of a topic or pillar chosen with no words typed."""

from dataclasses import dataclass

from django.conf import settings

from cms.core.localization import cached_locale, localize_all
from cms.core.taxonomy import Pillar, Topic
from library.models import EpisodePage, PlaylistPage

from ..backends import ranked_pks, search_backend_for
from .visibility import SUPPORT_MODELS, searchable_pages, searchable_support

# Facets and counts are computed over at most this many of the best-ranked matches.
MAX_MATCHES = 1000
# Routes to help come before pages (they answer "who can I talk to" directly), so only the
# best few of each kind are listed.
MAX_SUPPORT_MATCHES = 5


def text_search(locale):
    """The search backend, matching words as written in `locale`'s language and in the default
    language (whose pages stand in for missing translations)."""
    return search_backend_for((locale.language_code, settings.LANGUAGE_CODE))


def matching_page_ids(query, locale, user):
    """Ids of matching pages, best first. All words must match; if none do, any word may."""
    pages = searchable_pages(locale, user)
    backend = text_search(locale)
    ids = ranked_pks(backend.search(query, pages, operator="and")[:MAX_MATCHES])
    if not ids and len(query.split()) > 1:
        ids = ranked_pks(backend.search(query, pages, operator="or")[:MAX_MATCHES])
    return ids


@dataclass(frozen=True)
class SupportKey:
    """A matching helpline or support resource, beside the page ids in a result list."""

    model: type
    pk: int


def matching_support(query, locale):
    """{`SupportKey`: item} for the helplines and support resources that match, best first.
    The items are kept: a result page shows them without loading them again."""
    backend = text_search(locale)
    found = {}
    for model, fallback in SUPPORT_MODELS:
        items = searchable_support(model, locale, fallback)
        matches = list(backend.search(query, items, operator="and")[:MAX_SUPPORT_MATCHES])
        if not matches and len(query.split()) > 1:
            matches = list(backend.search(query, items, operator="or")[:MAX_SUPPORT_MATCHES])
        for item in matches:
            item.locale = cached_locale(item.locale_id)
            found[SupportKey(model, item.pk)] = item
    return found


def topic_links():
    """(link rows, their page id column) for each way a page is tagged with topics."""
    from campaigns.models import CampaignTopic

    return [
        (EpisodePage.topics.through.objects, "episodepage_id"),
        (PlaylistPage.topics.through.objects, "playlistpage_id"),
        (CampaignTopic.objects, "page_id"),
    ]


def pages_with_topic(slug):
    """Ids of episodes, playlists and campaigns tagged with the topic `slug` (any language)."""
    ids = set()
    for rows, page_column in topic_links():
        ids.update(rows.filter(topic__slug=slug).values_list(page_column, flat=True))
    return ids


def browsing_subject(filters, language_code):
    """The topic or pillar chosen with no words typed (the topic's own listing), in the
    visitor's language, or None when neither names one that exists."""
    if filters.topic:
        model, slug = Topic, filters.topic
    elif filters.pillar:
        model, slug = Pillar, filters.pillar
    else:
        return None
    source = (
        model.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        or model.objects.filter(slug=slug).first()
    )
    return localize_all([source], language_code)[0] if source else None


def browse_page_ids(locale, user, filters):
    """Ids of the pages of a topic or pillar the visitor may see, newest first."""
    from campaigns.models import CampaignPage

    pages = searchable_pages(locale, user)
    if filters.topic:
        pages = pages.filter(pk__in=pages_with_topic(filters.topic))
    if filters.pillar:
        pages = pages.filter(
            pk__in=CampaignPage.objects.filter(pillar__slug=filters.pillar).values("pk")
        )
    ordered = pages.order_by("-first_published_at", "-pk").values_list("pk", flat=True)
    return list(ordered[:MAX_MATCHES])


def counted_all(page_ids):
    """False when the matches were cut at MAX_MATCHES (counts and facets cover those only)."""
    return len(page_ids) < MAX_MATCHES
