import math

from django import template
from django.utils.translation import gettext as _

from library.models import format_duration

register = template.Library()


@register.filter
def listening_marker(row):
    """The words a marker shows for a position row (listening.js writes the same ones):
    "Listened", or "In progress · 12 min left"."""
    if row.finished:
        return _("Listened")
    minutes = max(1, math.ceil((row.duration_seconds - row.position_seconds) / 60))
    # "min" reads the same for one or many in every language we serve (and in listening.js).
    return _("In progress · %(minutes)s min left") % {"minutes": minutes}


@register.filter
def clock(seconds):
    """245.3 -> "4:05"."""
    return format_duration(int(seconds or 0))


@register.filter
def progress_percent(row):
    if not row.duration_seconds:
        return 0
    return min(100, round(100 * row.position_seconds / row.duration_seconds))
