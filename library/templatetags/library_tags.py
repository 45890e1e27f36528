from django import template

from library.models import format_duration

register = template.Library()


@register.filter
def timestamp(seconds):
    """12.5 -> "0:12"; 3725 -> "1:02:05"."""
    return format_duration(int(seconds or 0))


@register.filter
def spoken_duration(seconds):
    """For screen readers and humans: "12 minutes 30 seconds"."""
    total = round(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} h")
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)
