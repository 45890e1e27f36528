"""Programme insights: counts per day x item x language, never per person.

What is stored (and what never is): no table here has a user, session, address or time of day.
`PendingEvent` holds today's events until the nightly rollup, each with a *salted hash* of the
listener (the salt, `DaySalt`, is random per day), only so that one person counts once per day
and cell; the rollup turns them into `PageDay` rows (events and distinct people per cell) and
deletes the day's pending rows and its salt, so no identifier outlives the day. Searches and
crisis-panel shows are counted with no hash at all. With the optional breakdown by
organisational group on (groups.py), `PendingGroupEvent` and `PageGroupDay` do the same per
day x page x language x office or department, and hold nothing more about anyone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Page metrics, each kept as events and distinct people per day x page x language. The order is
# the order of the admin's columns.
PAGE_METRICS = [
    "views",
    "starts",
    "reached_25",
    "reached_50",
    "reached_75",
    "completions",
    "playlist_plays",
    "feed_fetches",
    "help_calls",
    "help_counselling",
    "help_resources",
]
# Counted per day x language only, with no hash of anyone (see README "Programme insights").
CRISIS_PANEL = "crisis_panel"
LOCALE_METRICS = [*PAGE_METRICS, CRISIS_PANEL]


class DaySalt(models.Model):
    """The random salt of one day's listener hashes; deleted with the day's pending events."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"salt of {self.day}"


class PendingEvent(models.Model):
    """Today's events before the rollup: one row per day x metric x page x salted listener hash."""

    day = models.DateField()
    metric = models.CharField(max_length=20)
    page_id = models.BigIntegerField()
    locale_id = models.BigIntegerField()
    listener_hash = models.CharField(max_length=32)
    events = models.PositiveIntegerField(default=1)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["day", "metric", "page_id", "locale_id", "listener_hash"],
                name="insights_pending_unique_cell_listener",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.metric} page {self.page_id}"


class PageDay(models.Model):
    """One day of one page in one language: events and distinct people for each metric
    (`PAGE_METRICS`; `<metric>` counts events, `<metric>_people` distinct listeners that day)."""

    day = models.DateField()
    # The page (any type, any language); no foreign key, so deleting a page keeps its history.
    page_id = models.BigIntegerField()
    locale_id = models.BigIntegerField()
    views = models.PositiveIntegerField(default=0)
    views_people = models.PositiveIntegerField(default=0)
    starts = models.PositiveIntegerField(default=0)
    starts_people = models.PositiveIntegerField(default=0)
    reached_25 = models.PositiveIntegerField(default=0)
    reached_25_people = models.PositiveIntegerField(default=0)
    reached_50 = models.PositiveIntegerField(default=0)
    reached_50_people = models.PositiveIntegerField(default=0)
    reached_75 = models.PositiveIntegerField(default=0)
    reached_75_people = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    completions_people = models.PositiveIntegerField(default=0)
    playlist_plays = models.PositiveIntegerField(default=0)
    playlist_plays_people = models.PositiveIntegerField(default=0)
    feed_fetches = models.PositiveIntegerField(default=0)
    feed_fetches_people = models.PositiveIntegerField(default=0)
    help_calls = models.PositiveIntegerField(default=0)
    help_calls_people = models.PositiveIntegerField(default=0)
    help_counselling = models.PositiveIntegerField(default=0)
    help_counselling_people = models.PositiveIntegerField(default=0)
    help_resources = models.PositiveIntegerField(default=0)
    help_resources_people = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        # The Insights area is opened with this permission (Editors, Wellbeing reviewers).
        permissions = [("view_insights", "Can view programme insights")]
        constraints = [
            models.UniqueConstraint(
                fields=["page_id", "locale_id", "day"], name="insights_pageday_unique"
            )
        ]
        indexes = [models.Index(fields=["day", "locale_id"], name="insights_pageday_day")]

    def __str__(self):
        return f"{self.day} page {self.page_id}"


class LocaleDay(models.Model):
    """Per day, language and metric, the sum over pages of the cells *shown* (people), and how
    many cells were too small to show. Built by the rollup with the threshold in force then
    (`min_group`); rebuilt when INSIGHTS_MIN_GROUP changes. The crisis panel lives only here."""

    day = models.DateField()
    locale_id = models.BigIntegerField()
    metric = models.CharField(max_length=20)
    people = models.PositiveIntegerField(default=0)
    hidden_cells = models.PositiveIntegerField(default=0)
    min_group = models.PositiveSmallIntegerField()

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["day", "locale_id", "metric"], name="insights_localeday_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.metric} locale {self.locale_id}"


class AnonymousCount(models.Model):
    """Counts with no hash of anyone: crisis-panel shows per day and language (`term` empty),
    and searches per day, language and normalised query (with how many found nothing)."""

    CRISIS_PANEL = "crisis_panel"
    SEARCH = "search"
    KIND_CHOICES = [(CRISIS_PANEL, _("crisis panel shown")), (SEARCH, _("search"))]

    day = models.DateField()
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    locale_id = models.BigIntegerField()
    term = models.CharField(max_length=255, blank=True, default="")
    count = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kind", "locale_id", "term"], name="insights_anonymous_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.kind}"


# The optional breakdown by organisational group (README "Programme insights"): only these
# metrics, the ones the campaign and show screens break down.
GROUP_METRICS = [
    "views",
    "starts",
    "completions",
    "help_calls",
    "help_counselling",
    "help_resources",
]


class PendingGroupEvent(models.Model):
    """With INSIGHTS_ORG_GROUPS on, today's events again per organisational group (office,
    department; empty: none given), with the same salted hash, until the rollup."""

    day = models.DateField()
    metric = models.CharField(max_length=20)
    page_id = models.BigIntegerField()
    locale_id = models.BigIntegerField()
    org_group = models.CharField(max_length=100, blank=True, default="")
    listener_hash = models.CharField(max_length=32)
    events = models.PositiveIntegerField(default=1)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["day", "metric", "page_id", "locale_id", "org_group", "listener_hash"],
                name="insights_pendinggroup_unique",
            )
        ]

    def __str__(self):
        return f"{self.day} {self.metric} page {self.page_id} {self.org_group}"


class PageGroupDay(models.Model):
    """One day of one page in one language for one organisational group (empty: none given),
    for each of `GROUP_METRICS`: `<metric>` events, `<metric>_people` distinct people, and
    `<metric>_shown` the people that may be shown: `<metric>_people`, or 0 where the cell is
    hidden (too small, or hidden so that its page's figure minus the groups shown reveals no
    small number; see groups.py). Set by the rollup with the threshold `min_group`."""

    day = models.DateField()
    page_id = models.BigIntegerField()
    locale_id = models.BigIntegerField()
    org_group = models.CharField(max_length=100, blank=True, default="")
    min_group = models.PositiveSmallIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    views_people = models.PositiveIntegerField(default=0)
    views_shown = models.PositiveIntegerField(default=0)
    starts = models.PositiveIntegerField(default=0)
    starts_people = models.PositiveIntegerField(default=0)
    starts_shown = models.PositiveIntegerField(default=0)
    completions = models.PositiveIntegerField(default=0)
    completions_people = models.PositiveIntegerField(default=0)
    completions_shown = models.PositiveIntegerField(default=0)
    help_calls = models.PositiveIntegerField(default=0)
    help_calls_people = models.PositiveIntegerField(default=0)
    help_calls_shown = models.PositiveIntegerField(default=0)
    help_counselling = models.PositiveIntegerField(default=0)
    help_counselling_people = models.PositiveIntegerField(default=0)
    help_counselling_shown = models.PositiveIntegerField(default=0)
    help_resources = models.PositiveIntegerField(default=0)
    help_resources_people = models.PositiveIntegerField(default=0)
    help_resources_shown = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["page_id", "locale_id", "day", "org_group"],
                name="insights_pagegroupday_unique",
            )
        ]

    def __str__(self):
        return f"{self.day} page {self.page_id} {self.org_group}"
