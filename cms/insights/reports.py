"""What each Insights screen shows, as tables (and the charts drawn from them).

A screen is a list of `Section`s; the HTML page and the CSV export are both rendered from the
same sections, so the export is exactly what is shown. Every number is a `Figure` (see
figures.py): shown cells only. The parts the screens are built from are in sections.py.
"""

import datetime

from django.db.models import Case, F, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, ReferenceIndex

from .breakdown import group_sections  # by organisational group
from .figures import NOTHING, Figure, min_group, total
from .models import CRISIS_PANEL, AnonymousCount, LocaleDay
from .sections import (
    CURVE,
    HELP,
    METRIC_LABELS,
    OVERVIEW,
    TOP_ROWS,
    Chart,
    Link,
    Section,
    Table,
    buckets,
    locale_names,
    merged,
    page_ids_of,
    page_locale_cells,
    per_item_rows,
    per_locale_section,
    table_of,
    time_section,
    translation_groups,
)


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
    return [*sections, *group_sections(filters, ids, ["views", *HELP], "views")]


def show_report(show, filters):
    from library.models import EpisodePage

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
