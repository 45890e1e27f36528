"""Recording an event: one upsert, never a query during page rendering.

Pages are counted by the beacon `insights.js` sends after a page (cached or not) has loaded;
listening milestones, playlist plays and help-link clicks by the same beacon; feed fetches by the
feed view. Each event is one row per day x metric x page x salted listener hash in
`PendingEvent` (a repeat adds to `events`), so the rollup can count distinct people per cell.
The hash is of the user's id and a random salt for the day: it lets one person count once per
day, and stops being computable once the rollup deletes the salt.
"""

import hashlib
import secrets

from django.db import connection, transaction
from django.utils import timezone

from .groups import record_group_event
from .models import AnonymousCount, DaySalt, PendingEvent

# Salts of the days this process has seen (one query per process and day).
_salts = {}


def salt_for(day):
    salt = _salts.get(day)
    if salt is None:
        table = connection.ops.quote_name(DaySalt._meta.db_table)
        with connection.cursor() as cursor:
            # Names from the model's metadata, values as parameters.
            cursor.execute(
                f"INSERT INTO {table} (day, salt) VALUES (%s, %s) ON CONFLICT (day) DO NOTHING",  # noqa: S608
                [day, secrets.token_hex(32)],
            )
        salt = DaySalt.objects.get(day=day).salt
        _salts.clear()  # only today's is ever needed again
        _salts[day] = salt
    return salt


def forget_salt(day):
    _salts.pop(day, None)


def listener_hash(user_id, day):
    return hashlib.sha256(f"{salt_for(day)}:{user_id}".encode()).hexdigest()[:32]


def _upsert(table, columns, conflict, values, increments):
    quoted = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(columns))
    updates = ", ".join(
        f"{quoted(column)} = {table}.{quoted(column)} + %s" for column in increments
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(quoted(c) for c in columns)}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(quoted(c) for c in conflict)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *increments.values()])


def record_page_event(user_id, metric, page_id, locale_id, day=None):
    """One more `metric` for the page today, from the listener `user_id` (hashed at once);
    with the breakdown by organisational group on, a second upsert counts it in their group."""
    day = day or timezone.localdate()
    hashed = listener_hash(user_id, day)
    with transaction.atomic():
        _upsert(
            connection.ops.quote_name(PendingEvent._meta.db_table),
            ["day", "metric", "page_id", "locale_id", "listener_hash", "events"],
            ["day", "metric", "page_id", "locale_id", "listener_hash"],
            [day, metric, page_id, locale_id, hashed, 1],
            {"events": 1},
        )
        record_group_event(user_id, metric, page_id, locale_id, day, hashed)


def record_anonymous(kind, locale_id, term="", *, zero_results=False, day=None):
    """A count with nothing about who: a crisis panel shown, or a search (and whether it found
    nothing). One upsert."""
    day = day or timezone.localdate()
    _upsert(
        connection.ops.quote_name(AnonymousCount._meta.db_table),
        ["day", "kind", "locale_id", "term", "count", "zero_results"],
        ["day", "kind", "locale_id", "term"],
        [day, kind, locale_id, term[:255], 1, int(zero_results)],
        {"count": 1, "zero_results": int(zero_results)},
    )


def count_search(query, locale_id, *, found):
    """A search for `query` (normalised as the editors' picks count it), in a language, and
    whether it found anything. Nothing about who searched."""
    from wagtail.search.utils import normalise_query_string

    normalised = normalise_query_string(query)
    if normalised:
        record_anonymous(AnonymousCount.SEARCH, locale_id, normalised, zero_results=not found)


def count_crisis_panel(locale_id):
    """The crisis helplines were shown above search results: a number per day and language,
    never with the words searched."""
    record_anonymous(AnonymousCount.CRISIS_PANEL, locale_id)
