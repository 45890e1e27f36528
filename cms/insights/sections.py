"""The parts every Insights screen (reports.py) is built from: the metrics and their names,
`Section`s (a `Table`, and the `Chart` drawn from it), the `Filters`, and the sums of the daily
rows that fill them. Every number is a `Figure` (see figures.py): shown cells only.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import DateField, Func
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from .figures import NOTHING, suppressed_sums, total
from .models import CRISIS_PANEL, PageDay

METRIC_LABELS = {
    "views": gettext_lazy("Page views"),
    "starts": gettext_lazy("Started"),
    "reached_25": gettext_lazy("Reached 25%"),
    "reached_50": gettext_lazy("Reached 50%"),
    "reached_75": gettext_lazy("Reached 75%"),
    "completions": gettext_lazy("Finished"),
    "playlist_plays": gettext_lazy("Playlist plays"),
    "feed_fetches": gettext_lazy("Podcast app fetches"),
    "help_calls": gettext_lazy("Helpline calls"),
    "help_counselling": gettext_lazy("Counselling links"),
    "help_resources": gettext_lazy("Support links"),
    CRISIS_PANEL: gettext_lazy("Crisis panel shown"),
}
CURVE = ["starts", "reached_25", "reached_50", "reached_75", "completions"]
HELP = ["help_calls", "help_counselling", "help_resources"]
OVERVIEW = ["views", "starts", "completions", "playlist_plays", "feed_fetches", *HELP]
# Beyond this many days a chart and its table go by week (Monday to Sunday).
DAILY_UP_TO = 62
TOP_ROWS = 50


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass
class Chart:
    kind: str  # "columns" (a series over time or steps) or "bars" (named rows)
    title: str
    labels: list
    figures: list


@dataclass
class Table:
    columns: list  # headers; the first is the row label's
    rows: list = field(default_factory=list)  # [label, Figure | str, ...]
    total: list | None = None


@dataclass
class Section:
    key: str
    title: str
    table: Table
    chart: Chart | None = None
    note: str = ""


@dataclass
class Filters:
    start: datetime.date
    end: datetime.date
    locale: Locale | None = None

    def page_rows(self, page_ids):
        """The daily rows of some pages in the date range, read through the pages' index.

        The date is compared through `NotIndexed`: SQLite has no histogram of dates (no STAT4)
        and guesses that any date range keeps 1/64 of the rows, so for a few dozen pages over
        a year it read all 4.5 million rows of the benchmark through the date index (8.7 s).
        """
        rows = PageDay.objects.alias(
            day_in_range=NotIndexed("day", output_field=DateField())
        ).filter(page_id__in=page_ids, day_in_range__range=(self.start, self.end))
        return rows.filter(locale_id=self.locale.pk) if self.locale else rows


class NotIndexed(Func):
    """A column whose comparison no index may serve. On SQLite a unary plus (the documented
    way, https://sqlite.org/optoverview.html#uplus); elsewhere the column itself (PostgreSQL
    keeps histograms and estimates a date range from them)."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def locale_names():
    return {locale.pk: locale.get_display_name() for locale in Locale.objects.order_by("pk")}


def buckets(start, end):
    """(first day, label) of each chart column: days, or weeks for long ranges."""
    if (end - start).days + 1 <= DAILY_UP_TO:
        days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        return "day", [(day, day.isoformat()) for day in days]
    monday = start - datetime.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append((monday, _("week of %(date)s") % {"date": max(monday, start).isoformat()}))
        monday += datetime.timedelta(days=7)
    return "week", weeks


def over_time(filters, page_ids, metric):
    """One figure per day (or week) for `metric` over the pages, every language summed."""
    by_day = suppressed_sums(filters.page_rows(page_ids), ["day"], [metric])
    unit, columns = buckets(filters.start, filters.end)
    figures = {first: NOTHING for first, _label in columns}
    for (day,), values in by_day.items():
        first = day if unit == "day" else day - datetime.timedelta(days=day.weekday())
        first = first if first in figures else columns[0][0]
        figures[first] = figures[first] + values[metric]
    return [label for _first, label in columns], list(figures.values())


def table_of(label_header, metrics, rows, with_total=True):
    """rows: [(label, {metric: Figure})] -> a Table with a total row (shown cells only)."""
    table = Table([label_header, *[str(METRIC_LABELS[m]) for m in metrics]])
    for label, values in rows:
        table.rows.append([label, *[values.get(m, NOTHING) for m in metrics]])
    if with_total and rows:
        table.total = [
            _("Total"),
            *[total(values.get(m, NOTHING) for _label, values in rows) for m in metrics],
        ]
    return table


def time_section(key, title, filters, page_ids, metric):
    labels, figures = over_time(filters, page_ids, metric)
    table = Table([_("Period"), str(METRIC_LABELS[metric])])
    table.rows = [[label, figure] for label, figure in zip(labels, figures, strict=True)]
    table.total = [_("Total"), total(figures)]
    return Section(key, title, table, Chart("columns", title, labels, figures))


def page_locale_cells(filters, page_ids, metrics):
    """{(page id, language id): {metric: Figure}} for the pages over the date range: one query,
    grouped in the order of the pages' index. The per-language, per-item and overall figures of
    a screen are sums of these (a Figure adds shown people and hidden cells, so summing here
    or in the database gives the same figure)."""
    return suppressed_sums(filters.page_rows(page_ids), ["page_id", "locale_id"], metrics)


def merged(cells, key_of):
    """Cells summed by `key_of((page id, language id))`; cells whose key is None are left out."""
    result = {}
    for cell, values in cells.items():
        key = key_of(cell)
        if key is None:
            continue
        current = result.setdefault(key, {})
        for metric, figure in values.items():
            current[metric] = current.get(metric, NOTHING) + figure
    return result


def per_locale_section(key, title, cells, metrics, chart_metric=None):
    names = locale_names()
    sums = merged(cells, lambda cell: cell[1])
    rows = [(names.get(locale_id, "?"), values) for locale_id, values in sorted(sums.items())]
    table = table_of(_("Language"), metrics, rows)
    chart = None
    if chart_metric and rows:
        chart = Chart(
            "bars",
            f"{title}: {METRIC_LABELS[chart_metric]}",
            [label for label, _values in rows],
            [values[chart_metric] for _label, values in rows],
        )
    return Section(key, title, table, chart)


def translation_groups(pages):
    """{translation_key: [page ids]} and {translation_key: (title, page id)} (the default
    language's page where there is one)."""
    ids, titles = {}, {}
    default = Locale.get_default()
    for page in pages:
        ids.setdefault(page.translation_key, []).append(page.pk)
        if page.translation_key not in titles or page.locale_id == default.pk:
            titles[page.translation_key] = (page.title, page.pk)
    return ids, titles


def page_ids_of(groups):
    return [pk for pks in groups.values() for pk in pks]


def per_item_rows(cells, groups, titles, sort_metric):
    """[(translation key, (title, page id), {metric: Figure})], most `sort_metric` first (ties
    by title, whatever order the database returned the rows in), from the cells of the groups'
    pages (cells of other pages are left out)."""
    page_to_key = {pk: key for key, pks in groups.items() for pk in pks}
    order = sorted(
        merged(cells, lambda cell: page_to_key.get(cell[0])).items(),
        key=lambda item: (
            -item[1][sort_metric].shown,
            -item[1][sort_metric].hidden,
            str(titles.get(item[0], ("",))[0]),
            str(item[0]),
        ),
    )
    return [(key, titles.get(key, ("?", None)), values) for key, values in order]
