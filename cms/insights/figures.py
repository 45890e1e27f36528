"""Suppression: how a stored count becomes a figure someone may see.

The unit is the stored cell: one day x page x language (or day x language x search term). A cell
built from fewer than INSIGHTS_MIN_GROUP distinct people is *hidden*. Every figure shown,
charted or exported (a table cell, a row or column total, a day on a chart, a language's total)
is the sum of the *shown* cells it covers; a hidden cell's value enters no figure at all. So
no subtraction between any figures, on one screen or across screens and exports, can recover
it: this is complementary suppression of totals in its strictest form (a total never includes
what its parts hide). A figure that left hidden cells out says so (an asterisk); one made only
of hidden cells reads "fewer than N".
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, F, Sum, Value, When
from django.utils.translation import gettext as _


def min_group():
    return settings.INSIGHTS_MIN_GROUP


@dataclass(frozen=True)
class Figure:
    """People in the cells shown, and how many cells were too small to show."""

    shown: int = 0
    hidden: int = 0

    def __add__(self, other):
        return Figure(self.shown + other.shown, self.hidden + other.hidden)

    @property
    def suppressed(self):
        """Nothing to show but small groups."""
        return not self.shown and bool(self.hidden)

    @property
    def partial(self):
        return bool(self.shown and self.hidden)

    @property
    def chart_value(self):
        return None if self.suppressed else self.shown

    def __str__(self):
        if self.suppressed:
            return _("fewer than %(count)s") % {"count": min_group()}
        if self.partial:
            return f"{self.shown}*"
        return str(self.shown)


NOTHING = Figure()


def total(figures):
    result = NOTHING
    for figure in figures:
        result = result + figure
    return result


def suppressed_sums(queryset, group_by, metrics, threshold=None):
    """{group key: {metric: Figure}} over PageDay rows: per metric, the people of the cells at or
    above the threshold, and the number of cells below it (the hidden ones)."""
    threshold = min_group() if threshold is None else threshold
    annotations = {}
    for metric in metrics:
        people = f"{metric}_people"
        annotations[f"{metric}__shown"] = Sum(
            Case(When(**{f"{people}__gte": threshold}, then=F(people)), default=Value(0))
        )
        annotations[f"{metric}__hidden"] = Sum(
            Case(
                When(**{f"{people}__gt": 0, f"{people}__lt": threshold}, then=Value(1)),
                default=Value(0),
            )
        )
    if group_by:
        rows = queryset.order_by().values(*group_by).annotate(**annotations)
    else:
        rows = [queryset.order_by().aggregate(**annotations)]
    return {
        tuple(row[key] for key in group_by): {
            metric: Figure(row[f"{metric}__shown"] or 0, row[f"{metric}__hidden"] or 0)
            for metric in metrics
        }
        for row in rows
    }
