"""What each Insights screen shows, as tables (and the charts drawn from them).

A screen is a list of `Section`s; the HTML page and the CSV export are both rendered from the
same sections, so the export is exactly what is shown. Every number is a `Figure` (see
figures.py): shown cells only.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, DateField, F, Func, Q, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page, ReferenceIndex

from .figures import NOTHING, Figure, min_group, suppressed_sums, total
from .models import CRISIS_PANEL, AnonymousCount, LocaleDay, PageDay

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


# --- Screens --------------------------------------------------------------------------------


def overview(filters):
    """Per language: the main figures, from the per-language summary (shown cells only)."""
    rows = LocaleDay.objects.filter(day__range=(filters.start, filters.end), min_group=min_group())
    if filters.locale:
        rows = rows.filter(locale_id=filters.locale.pk)
    metrics = [*OVERVIEW, CRISIS_PANEL]
    per_locale, per_day = {}, {}
    for locale_id, day, metric, people, hidden in rows.values_list(
        "locale_id", "day", "metric", "people", "hidden_cells"
    ):
        figure = Figure(people, hidden)
        values = per_locale.setdefault(locale_id, {})
        values[metric] = values.get(metric, NOTHING) + figure
        if metric == "starts":
            per_day[day] = per_day.get(day, NOTHING) + figure
    names = locale_names()
    table = table_of(
        _("Language"),
        metrics,
        [(names.get(pk, "?"), values) for pk, values in sorted(per_locale.items())],
    )
    unit, columns = buckets(filters.start, filters.end)
    series = {first: NOTHING for first, _label in columns}
    for day, figure in per_day.items():
        first = day if unit == "day" else day - datetime.timedelta(days=day.weekday())
        if first in series:
            series[first] = series[first] + figure
    labels = [label for _first, label in columns]
    starts_title = _("Episodes started")
    starts = Table([_("Period"), str(METRIC_LABELS["starts"])])
    starts.rows = [[label, fig] for label, fig in zip(labels, series.values(), strict=True)]
    starts.total = [_("Total"), total(series.values())]
    return [
        Section(
            "starts",
            starts_title,
            starts,
            Chart("columns", starts_title, labels, list(series.values())),
        ),
        Section(
            "languages",
            _("By language"),
            table,
            Chart(
                "bars",
                _("Page views by language"),
                table.columns and [row[0] for row in table.rows],
                [row[1] for row in table.rows],
            ),
        ),
    ]


def campaign_report(campaign, filters):
    translations = list(Page.objects.filter(translation_key=campaign.translation_key))
    ids = [page.pk for page in translations]
    own = page_locale_cells(filters, ids, ["views", *HELP])
    sections = [
        time_section("reach", _("Reach: people who opened the campaign"), filters, ids, "views"),
        per_locale_section(
            "languages", _("By language"), own, ["views", *HELP], chart_metric="views"
        ),
    ]
    # Top pages: the pages the campaign links to (in any of its languages), with theirs.
    referenced = ReferenceIndex.objects.filter(
        base_content_type__model="page",
        object_id__in=[str(pk) for pk in ids],
        to_content_type__model="page",
    ).values_list("to_object_id", flat=True)
    linked = Page.objects.filter(pk__in=[int(pk) for pk in referenced if str(pk).isdigit()])
    keys = set(linked.values_list("translation_key", flat=True))
    pages = Page.objects.filter(translation_key__in=keys).exclude(
        translation_key=campaign.translation_key
    )
    groups, titles = translation_groups(pages)
    metrics = ["views", "starts", "completions", "playlist_plays"]
    cells = page_locale_cells(filters, page_ids_of(groups), metrics)
    rows = per_item_rows(cells, groups, titles, "views")[:TOP_ROWS]
    table = table_of(_("Page"), metrics, [(title, values) for _key, (title, _pk), values in rows])
    sections.append(
        Section(
            "pages",
            _("Pages the campaign links to"),
            table,
            Chart(
                "bars",
                _("Page views of the pages the campaign links to"),
                [row[0] for row in table.rows],
                [row[1] for row in table.rows],
            )
            if table.rows
            else None,
        )
    )
    help_total = merged(own, lambda cell: ()).get((), {})
    help_table = table_of(_("Kind of help"), ["help_calls"], [], with_total=False)
    help_table.columns = [_("Kind of help"), _("People")]
    help_table.rows = [[str(METRIC_LABELS[m]), help_total.get(m, NOTHING)] for m in HELP]
    help_table.total = [_("Total"), total(help_total.get(m, NOTHING) for m in HELP)]
    sections.append(
        Section(
            "help",
            _("Help-link clicks on the campaign"),
            help_table,
            Chart(
                "bars",
                _("Help-link clicks on the campaign"),
                [row[0] for row in help_table.rows],
                [row[1] for row in help_table.rows],
            ),
        )
    )
    from .breakdown import group_sections  # by organisational group; it builds on this module

    return [*sections, *group_sections(filters, ids, ["views", *HELP], "views")]


def show_report(show, filters):
    from library.models import EpisodePage

    from .breakdown import group_sections  # by organisational group; it builds on this module

    shows = list(Page.objects.filter(translation_key=show.translation_key))
    episodes = EpisodePage.objects.none()
    for translation in shows:
        episodes = episodes | EpisodePage.objects.child_of(translation)
    groups, titles = translation_groups(
        episodes.only("pk", "title", "translation_key", "locale_id")
    )
    # One read of the episodes' and the show's rows for both tables.
    metrics = [*CURVE, "feed_fetches"]
    cells = page_locale_cells(filters, page_ids_of(groups) + [page.pk for page in shows], metrics)
    rows = per_item_rows(cells, groups, titles, "starts")
    # Episodes nobody played yet are listed too (with nothing to show).
    played = {key for key, _title, _values in rows}
    rows += [
        (key, titles[key], {})
        for key in sorted(groups, key=lambda k: titles[k][0])
        if key not in played
    ]
    table = table_of(
        _("Episode"),
        CURVE,
        [
            (Link(title, reverse("insights:episode", args=[pk])), values)
            for _key, (title, pk), values in rows
        ],
    )
    chart_rows = table.rows[:TOP_ROWS]
    return [
        Section(
            "episodes",
            _("Episodes"),
            table,
            Chart(
                "bars",
                _("People who started each episode"),
                [str(row[0]) for row in chart_rows],
                [row[1] for row in chart_rows],
            )
            if chart_rows
            else None,
        ),
        per_locale_section("languages", _("By language"), cells, metrics, chart_metric="starts"),
        *group_sections(filters, page_ids_of(groups), ["starts", "completions"], "starts"),
    ]


def listing(pages, filters, url_name):
    """Campaigns or shows: one row per translation group, the page's own figures (views, help
    clicks or podcast-app fetches, every language), linked to its screen."""
    all_pages = Page.objects.filter(translation_key__in=[page.translation_key for page in pages])
    groups, titles = translation_groups(
        all_pages.only("pk", "title", "translation_key", "locale_id")
    )
    campaign = url_name == "insights:campaign"
    metrics = ["views", *HELP] if campaign else ["views", "feed_fetches"]
    cells = page_locale_cells(filters, page_ids_of(groups), metrics)
    figures = {key: values for key, _title, values in per_item_rows(cells, groups, titles, "views")}
    table = table_of(
        _("Campaign") if campaign else _("Show"),
        metrics,
        [
            (
                Link(page.title, reverse(url_name, args=[page.pk])),
                figures.get(page.translation_key, {}),
            )
            for page in pages
        ],
    )
    title = _("Campaigns") if campaign else _("Shows")
    return [
        Section(
            "list",
            title,
            table,
            Chart(
                "bars",
                f"{title}: {METRIC_LABELS['views']}",
                [str(r[0]) for r in table.rows],
                [r[1] for r in table.rows],
            )
            if table.rows
            else None,
        )
    ]


def episode_report(episode, filters):
    ids = list(
        Page.objects.filter(translation_key=episode.translation_key).values_list("pk", flat=True)
    )
    cells = page_locale_cells(filters, ids, CURVE)
    curve = merged(cells, lambda cell: ()).get((), {})
    table = Table([_("Point in the episode"), _("People")])
    table.rows = [[str(METRIC_LABELS[m]), curve.get(m, NOTHING)] for m in CURVE]
    title = _("Completion curve")
    return [
        Section(
            "curve",
            title,
            table,
            Chart("line", title, [row[0] for row in table.rows], [row[1] for row in table.rows]),
            note=_(
                "Each step counts the people who reached it, once per day and language: someone "
                "who listens on two days counts twice."
            ),
        ),
        per_locale_section("languages", _("By language"), cells, CURVE),
        time_section("starts", _("Started, over time"), filters, ids, "starts"),
    ]


def search_report(filters):
    threshold = min_group()
    rows = AnonymousCount.objects.filter(
        kind=AnonymousCount.SEARCH, day__range=(filters.start, filters.end)
    )
    if filters.locale:
        rows = rows.filter(locale_id=filters.locale.pk)

    def top(field):
        # A term never appears unless at least one of its cells is shown: the words themselves
        # could say who searched. Summed in the database (a year is hundreds of thousands of rows).
        ranked = (
            rows.order_by()
            .values("term")
            .annotate(
                shown=Sum(Case(When(**{f"{field}__gte": threshold}, then=F(field)), default=0)),
                hidden=Sum(
                    Case(
                        When(**{f"{field}__gt": 0, f"{field}__lt": threshold}, then=Value(1)),
                        default=Value(0),
                    )
                ),
            )
            .filter(shown__gt=0)
            .order_by("-shown", "term")[:TOP_ROWS]
        )
        return [(row["term"], Figure(row["shown"], row["hidden"])) for row in ranked]

    searched, empty = top("count"), top("zero_results")
    top_terms = Table([_("Search words"), _("Searches")], [[t, f] for t, f in searched])
    zero_terms = Table([_("Search words"), _("Searches")], [[t, f] for t, f in empty])
    crisis = LocaleDay.objects.filter(
        day__range=(filters.start, filters.end), metric=CRISIS_PANEL, min_group=threshold
    )
    if filters.locale:
        crisis = crisis.filter(locale_id=filters.locale.pk)
    names = locale_names()
    per_locale = {}
    for locale_id, people, hidden in crisis.values_list("locale_id", "people", "hidden_cells"):
        per_locale[locale_id] = per_locale.get(locale_id, NOTHING) + Figure(people, hidden)
    crisis_table = Table([_("Language"), str(METRIC_LABELS[CRISIS_PANEL])])
    crisis_table.rows = [[names.get(pk, "?"), fig] for pk, fig in sorted(per_locale.items())]
    crisis_table.total = [_("Total"), total(per_locale.values())] if per_locale else None
    return [
        Section(
            "terms",
            _("Most searched words"),
            top_terms,
            Chart(
                "bars",
                _("Most searched words"),
                [r[0] for r in top_terms.rows[:20]],
                [r[1] for r in top_terms.rows[:20]],
            )
            if top_terms.rows
            else None,
        ),
        Section(
            "zero",
            _("Searches that found nothing"),
            zero_terms,
            note=_("Words people looked for and did not find: ideas for new content."),
        ),
        Section(
            "crisis",
            _("Crisis help shown above search results"),
            crisis_table,
            note=_("Counted per day and language only, never with the words searched."),
        ),
    ]


def pages_of_type(model):
    """Pages of a type in the default language (one row per translation group), for the lists."""
    default = Locale.get_default()
    return model.objects.filter(locale=default).order_by("title")


def any_locale_filter(filters):
    return Q(locale_id=filters.locale.pk) if filters.locale else Q()
