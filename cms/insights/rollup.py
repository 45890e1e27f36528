"""The nightly rollup: a finished day's pending events become counts per page and language
(and, with the breakdown on, per organisational group: groups.py), then the day's hashes and
salt are deleted. Also the retention purge."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from .figures import suppressed_sums
from .groups import rollup_groups, stale_days, suppress_groups
from .models import (
    CRISIS_PANEL,
    PAGE_METRICS,
    AnonymousCount,
    DaySalt,
    LocaleDay,
    PageDay,
    PageGroupDay,
    PendingEvent,
    PendingGroupEvent,
)
from .recording import forget_salt


def min_group():
    return settings.INSIGHTS_MIN_GROUP


@transaction.atomic
def rollup_day(day):
    """Counts for `day` from its pending events (added to any already rolled up), then the
    pending rows and the salt go. Returns the number of page x language cells written."""
    cells = {}
    grouped = (
        PendingEvent.objects.filter(day=day)
        .values("page_id", "locale_id", "metric")
        .annotate(events=Sum("events"), people=Count("listener_hash"))
    )
    for row in grouped:
        if row["metric"] not in PAGE_METRICS:
            continue
        cell = cells.setdefault((row["page_id"], row["locale_id"]), {})
        cell[row["metric"]] = row["events"]
        cell[f"{row['metric']}_people"] = row["people"]
    existing = {
        (row.page_id, row.locale_id): row
        for row in PageDay.objects.filter(day=day, page_id__in={key[0] for key in cells})
    }
    new_rows, changed = [], []
    for (page_id, locale_id), values in cells.items():
        row = existing.get((page_id, locale_id))
        if row is None:
            new_rows.append(PageDay(day=day, page_id=page_id, locale_id=locale_id, **values))
        else:
            # Events arriving after the day was rolled up (a clock change): added, so a person
            # may count twice in this cell.
            for field, value in values.items():
                setattr(row, field, getattr(row, field) + value)
            changed.append(row)
    PageDay.objects.bulk_create(new_rows, batch_size=1000)
    if changed:
        PageDay.objects.bulk_update(changed, list({f for c in cells.values() for f in c}))
    rollup_groups(day)
    PendingEvent.objects.filter(day=day).delete()
    DaySalt.objects.filter(day=day).delete()
    forget_salt(day)
    summarise_day(day)
    return len(cells)


def summarise_day(day, threshold=None):
    """Per language and metric, the people in the cells shown and how many cells were hidden,
    with today's threshold (so the overview reads a few hundred rows, not millions)."""
    threshold = min_group() if threshold is None else threshold
    totals = {}
    per_locale = suppressed_sums(
        PageDay.objects.filter(day=day), ["locale_id"], PAGE_METRICS, threshold
    )
    for (locale_id,), figures in per_locale.items():
        for metric, figure in figures.items():
            if figure.shown or figure.hidden:
                totals[(locale_id, metric)] = [figure.shown, figure.hidden]
    for locale_id, count in AnonymousCount.objects.filter(
        day=day, kind=AnonymousCount.CRISIS_PANEL
    ).values_list("locale_id", "count"):
        if count:
            totals[(locale_id, CRISIS_PANEL)] = [count, 0] if count >= threshold else [0, 1]
    LocaleDay.objects.filter(day=day).delete()
    LocaleDay.objects.bulk_create(
        [
            LocaleDay(
                day=day,
                locale_id=locale_id,
                metric=metric,
                people=people,
                hidden_cells=hidden,
                min_group=threshold,
            )
            for (locale_id, metric), (people, hidden) in totals.items()
        ]
    )


def rollup(today=None):
    """Roll up every finished day that has pending events; re-summarise days summarised with
    another threshold, and days with crisis-panel counts but no summary yet. Returns the days."""
    today = today or timezone.localdate()
    days = sorted(
        set(PendingEvent.objects.filter(day__lt=today).values_list("day", flat=True))
        | set(PendingGroupEvent.objects.filter(day__lt=today).values_list("day", flat=True))
    )
    for day in days:
        rollup_day(day)
    # Days whose pending salt was made but nothing recorded.
    DaySalt.objects.filter(day__lt=today).exclude(
        day__in=PendingEvent.objects.values("day")
    ).delete()
    stale = set(
        LocaleDay.objects.exclude(min_group=min_group()).values_list("day", flat=True).distinct()
    )
    summarised = LocaleDay.objects.values("day")
    stale |= set(
        AnonymousCount.objects.filter(kind=AnonymousCount.CRISIS_PANEL, day__lt=today)
        .exclude(day__in=summarised)
        .values_list("day", flat=True)
        .distinct()
    )
    for day in sorted(stale - set(days)):
        summarise_day(day)
    for day in sorted(stale_days(min_group()) - set(days)):
        suppress_groups(day)
    return days


def purge(days=None, today=None):
    """Delete daily rows older than the retention period. Returns the number of rows deleted."""
    days = settings.INSIGHTS_RETENTION_DAYS if days is None else days
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    deleted = 0
    for model in (
        PageDay,
        PageGroupDay,
        LocaleDay,
        AnonymousCount,
        PendingEvent,
        PendingGroupEvent,
        DaySalt,
    ):
        count, _ = model.objects.filter(day__lt=cutoff).delete()
        deleted += count
    return deleted
