"""The campaign and show screens' section "By organisational group" (only with the breakdown on:
groups.py), from the group cells that may be shown.

Every figure is the sum of the group cells shown, and a hidden cell's count enters nothing (the
cells were already hidden so that a page's figure minus its groups shown tells no small number).
A group appears by name only when at least one of its figures is shown (a name alone can say
much about a small office); the others are one row, "Other groups", reading "fewer than N".
"""

from django.db.models import Case, DateField, Q, Sum, Value, When
from django.utils.translation import gettext as _

from . import groups
from .figures import NOTHING, Figure, min_group
from .models import PageGroupDay
from .sections import METRIC_LABELS, Chart, NotIndexed, Section, table_of


def group_figures(filters, page_ids, metrics):
    """{org group: {metric: Figure}} over the pages' group cells in the date range (and
    language): per metric, the people shown and the number of cells hidden."""
    rows = PageGroupDay.objects.alias(
        day_in_range=NotIndexed("day", output_field=DateField())
    ).filter(
        page_id__in=page_ids,
        day_in_range__range=(filters.start, filters.end),
        min_group=min_group(),
    )
    if filters.locale:
        rows = rows.filter(locale_id=filters.locale.pk)
    annotations = {}
    for metric in metrics:
        annotations[f"{metric}__shown"] = Sum(f"{metric}_shown")
        annotations[f"{metric}__hidden"] = Sum(
            Case(
                When(Q(**{f"{metric}_people__gt": 0, f"{metric}_shown": 0}), then=Value(1)),
                default=Value(0),
            )
        )
    return {
        row["org_group"]: {
            metric: Figure(row[f"{metric}__shown"] or 0, row[f"{metric}__hidden"] or 0)
            for metric in metrics
        }
        for row in rows.order_by().values("org_group").annotate(**annotations)
    }


def group_sections(filters, page_ids, metrics, chart_metric):
    """[the section "By organisational group"], or [] when the breakdown is off."""
    if not groups.enabled():
        return []
    named, others = [], {}
    for org_group, values in sorted(
        group_figures(filters, page_ids, metrics).items(), key=lambda item: (not item[0], item[0])
    ):
        if any(figure.shown for figure in values.values()):
            named.append((org_group or _("No group given"), values))
        elif any(figure.hidden for figure in values.values()):
            for metric, figure in values.items():
                # Only hidden cells: what is kept is how many, never how many people.
                others[metric] = others.get(metric, NOTHING) + Figure(0, figure.hidden)
    rows = named + ([(_("Other groups"), others)] if others else [])
    table = table_of(_("Organisational group"), metrics, rows)
    title = _("By organisational group")
    chart = (
        Chart(
            "bars",
            f"{title}: {METRIC_LABELS[chart_metric]}",
            [str(label) for label, _values in rows],
            [values.get(chart_metric, NOTHING) for _label, values in rows],
        )
        if rows
        else None
    )
    note = _(
        "Offices and departments as the company's sign-in gives them. A group with fewer than "
        "%(count)s people on a day is not shown, nor left to be worked out from the other "
        "figures."
    ) % {"count": min_group()}
    return [Section("org-groups", title, table, chart, note=note)]
