"""The optional breakdown by organisational group (office, department): recording, rollup and
which group cells may be shown.

On only when both INSIGHTS_ORG_GROUPS and OIDC_ORG_GROUP_CLAIM are set (company sign-in keeps the
person's group on their `CompanyIdentity`). Then each page event of `GROUP_METRICS` is also
counted per day x metric x page x language x group in `PendingGroupEvent`, with the same salted
hash, so the rollup can count distinct people per group; it writes `PageGroupDay` and deletes
the pending rows (the day's salt goes with the page rollup). People with no group (no claim,
local accounts) are counted under the empty group, so a page's groups add up to the page.

Suppression is the page's, one level down, plus complementary suppression: a group cell from
fewer than INSIGHTS_MIN_GROUP people is hidden, and when a page's cell (day x page x language)
minus the group cells shown would leave a small number (1 to N-1 people), more of its group
cells are hidden, smallest first, until it leaves none or at least N. Every group figure is the
sum of the group cells shown (`<metric>_shown`), so neither a group total nor a page's figure
minus the groups shown can tell a hidden group's count.
"""

from collections import defaultdict

from django.conf import settings
from django.db import connection
from django.db.models import Count, Sum

from .models import GROUP_METRICS, PageDay, PageGroupDay, PendingGroupEvent


def enabled():
    """Counting by organisational group: the setting is on and the provider supplies a group."""
    return bool(settings.INSIGHTS_ORG_GROUPS and settings.OIDC_ORG_GROUP_CLAIM)


def record_group_event(user_id, metric, page_id, locale_id, day, hashed):
    """The event again in the listener's group cell (when the breakdown is on): one upsert that
    reads the group itself, so recording runs no other query."""
    if not enabled() or metric not in GROUP_METRICS:
        return
    from cms.accounts.models import CompanyIdentity

    quoted = connection.ops.quote_name
    table = quoted(PendingGroupEvent._meta.db_table)
    identity = quoted(CompanyIdentity._meta.db_table)
    user_column = quoted(CompanyIdentity._meta.get_field("user").column)
    columns = ["day", "metric", "page_id", "locale_id", "org_group", "listener_hash"]
    names = ", ".join(quoted(column) for column in columns)
    # Names from the models' metadata, values as parameters. "WHERE 1 = 1": SQLite reads an
    # INSERT ... SELECT's ON CONFLICT as a join's ON without it.
    sql = (
        f"INSERT INTO {table} ({names}, {quoted('events')}) "  # noqa: S608
        f"SELECT %s, %s, %s, %s, COALESCE((SELECT {quoted('org_group')} FROM {identity} "
        f"WHERE {user_column} = %s), ''), %s, 1 WHERE 1 = 1 "
        f"ON CONFLICT ({names}) DO UPDATE SET "
        f"{quoted('events')} = {table}.{quoted('events')} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, metric, page_id, locale_id, user_id, hashed])


def rollup_groups(day):
    """The day's pending group events become `PageGroupDay` rows (added to any already there),
    the pending rows go, and the day's group cells are suppressed anew. Call after the day's
    `PageDay` rows are written (their figures decide the complementary suppression)."""
    cells = {}
    grouped = (
        PendingGroupEvent.objects.filter(day=day)
        .values("page_id", "locale_id", "org_group", "metric")
        .annotate(events=Sum("events"), people=Count("listener_hash"))
    )
    for row in grouped:
        if row["metric"] not in GROUP_METRICS:
            continue
        cell = cells.setdefault((row["page_id"], row["locale_id"], row["org_group"]), {})
        cell[row["metric"]] = row["events"]
        cell[f"{row['metric']}_people"] = row["people"]
    existing = {
        (row.page_id, row.locale_id, row.org_group): row
        for row in PageGroupDay.objects.filter(day=day, page_id__in={key[0] for key in cells})
    }
    new_rows, changed = [], []
    for (page_id, locale_id, org_group), values in cells.items():
        row = existing.get((page_id, locale_id, org_group))
        if row is None:
            new_rows.append(
                PageGroupDay(
                    day=day, page_id=page_id, locale_id=locale_id, org_group=org_group, **values
                )
            )
        else:
            for name, value in values.items():
                setattr(row, name, getattr(row, name) + value)
            changed.append(row)
    PageGroupDay.objects.bulk_create(new_rows, batch_size=1000)
    if changed:
        PageGroupDay.objects.bulk_update(changed, list({f for c in cells.values() for f in c}))
    PendingGroupEvent.objects.filter(day=day).delete()
    suppress_groups(day)
    return len(cells)


def shown_parts(whole, parts, threshold):
    """Which of a page cell's group counts (`parts`, people) may be shown, as the people shown
    (0: hidden). `whole` is the page cell's people: when it is hidden, every part is; a part
    under the threshold is hidden; and while any part is hidden and the whole minus the parts
    shown is under the threshold (so the hidden ones could be told by subtraction), the smallest
    part still shown is hidden too."""
    if whole < threshold:
        return [0] * len(parts)
    shown = [people if people >= threshold else 0 for people in parts]
    if any(0 < people < threshold for people in parts):
        for index in sorted((i for i, v in enumerate(shown) if v), key=lambda i: (shown[i], i)):
            if whole - sum(shown) >= threshold:
                break
            shown[index] = 0
    return shown


def suppress_groups(day, threshold=None):
    """Set `<metric>_shown` of the day's group cells for `threshold` (default: the one in force)."""
    threshold = settings.INSIGHTS_MIN_GROUP if threshold is None else threshold
    rows = list(PageGroupDay.objects.filter(day=day))
    if not rows:
        return
    wholes = {
        (row.page_id, row.locale_id): row
        for row in PageDay.objects.filter(day=day, page_id__in={row.page_id for row in rows})
    }
    by_cell = defaultdict(list)
    for row in rows:
        by_cell[(row.page_id, row.locale_id)].append(row)
    for cell, parts in by_cell.items():
        whole = wholes.get(cell)
        for metric in GROUP_METRICS:
            people = getattr(whole, f"{metric}_people", 0) if whole else 0
            shown = shown_parts(people, [getattr(r, f"{metric}_people") for r in parts], threshold)
            for row, value in zip(parts, shown, strict=True):
                setattr(row, f"{metric}_shown", value)
    for row in rows:
        row.min_group = threshold
    PageGroupDay.objects.bulk_update(
        rows, ["min_group", *[f"{metric}_shown" for metric in GROUP_METRICS]], batch_size=1000
    )


def stale_days(threshold):
    """Days whose group cells were suppressed with another threshold."""
    return set(
        PageGroupDay.objects.exclude(min_group=threshold).values_list("day", flat=True).distinct()
    )
