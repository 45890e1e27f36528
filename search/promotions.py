"""Editors' picks and the anonymous query counts behind them."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

from cms.core import access


def promoted_pages(query, locale, user):
    """Live pages editors promoted for this query, in the visitor's language, that they may see."""
    normalised = normalise_query_string(query)
    if not normalised:
        return []
    promotions = (
        SearchPromotion.objects.filter(
            query__query_string=normalised, page__live=True, page__locale=locale
        )
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    hidden = access.hidden_paths(user)
    return [
        promotion
        for promotion in promotions
        if not any(promotion.page.path.startswith(path) for path in hidden)
    ]


def count_query(query):
    """One more search for `query` today: a number per query and day, nothing about who."""
    normalised = normalise_query_string(query)
    if not normalised:
        return
    # Usually the query was already searched today: its row moves on in one UPDATE. The first
    # search of the day makes the rows as Wagtail's own `Query.add_hit` does (the same date).
    today = timezone.now().date()
    counted = QueryDailyHits.objects.filter(query__query_string=normalised, date=today).update(
        hits=F("hits") + 1
    )
    if not counted:
        with transaction.atomic():
            Query.get(normalised).add_hit(date=today)


def purge_old_queries(days=None, today=None):
    """Delete counts older than the retention period, then queries nothing refers to."""
    days = settings.SEARCH_QUERY_RETENTION_DAYS if days is None else days
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    hits_deleted, _ = QueryDailyHits.objects.filter(date__lt=cutoff).delete()
    queries_deleted, _ = Query.objects.filter(
        daily_hits__isnull=True, editors_picks__isnull=True
    ).delete()
    return hits_deleted, queries_deleted
