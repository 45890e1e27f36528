"""Charts as inline SVG, drawn on the server: no script, nothing for the admin's CSP to refuse,
and the same numbers are always in the table beside each chart (screen readers get a title
and a one-line summary here, and the table for the detail)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
COLUMN_HEIGHT = 220
MARGIN_LEFT = 48
MARGIN_BOTTOM = 40
MARGIN_TOP = 12
BAR_ROW = 22
BAR_LABEL_WIDTH = 220


def nice_max(value):
    if value <= 0:
        return 10
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def summary(chart):
    shown = [(label, figure) for label, figure in zip(chart.labels, chart.figures, strict=True)]
    highest = max(shown, key=lambda item: item[1].shown, default=None)
    hidden = sum(1 for _label, figure in shown if figure.suppressed)
    parts = []
    if highest and highest[1].shown:
        parts.append(
            _("Highest: %(value)s (%(label)s).") % {"value": highest[1].shown, "label": highest[0]}
        )
    if hidden:
        parts.append(_("%(count)s not shown (small groups).") % {"count": hidden})
    parts.append(_("The numbers are in the table."))
    return " ".join(parts)


def render(chart, chart_id):
    if chart is None or not chart.figures:
        return ""
    draw = {"columns": columns, "line": line, "bars": bars}[chart.kind]
    body, width, height = draw(chart)
    return format_html(
        '<svg class="insights-chart insights-chart--{kind}" viewBox="0 0 {w} {h}" width="100%" '
        'role="img" aria-labelledby="{id}-title {id}-desc" data-chart="{kind}" '
        'preserveAspectRatio="xMinYMin meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        kind=chart.kind,
        w=width,
        h=height,
        id=chart_id,
        title=chart.title,
        desc=summary(chart),
        body=body,
    )


def axis(top, height, plot_width, maximum):
    lines = []
    for step in range(5):
        value = maximum * step // 4
        y = top + height - height * step / 4
        lines.append(
            format_html(
                '<line class="insights-chart__grid" x1="{x1}" x2="{x2}" y1="{y}" y2="{y}"/>'
                '<text class="insights-chart__tick" x="{tx}" y="{ty}" text-anchor="end">{v}</text>',
                x1=MARGIN_LEFT,
                x2=MARGIN_LEFT + plot_width,
                y=f"{y:.1f}",
                tx=MARGIN_LEFT - 6,
                ty=f"{y + 4:.1f}",
                v=value,
            )
        )
    return mark_safe("".join(lines))  # noqa: S308 (each part escaped by format_html)


def x_labels(labels, slot, top, every):
    return format_html_join(
        "",
        '<text class="insights-chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (f"{MARGIN_LEFT + slot * (index + 0.5):.1f}", top, label)
            for index, label in enumerate(labels)
            if index % every == 0
        ),
    )


def columns(chart):
    count = len(chart.figures)
    plot_width = WIDTH - MARGIN_LEFT - 8
    height = COLUMN_HEIGHT
    maximum = nice_max(max((f.shown for f in chart.figures), default=0))
    slot = plot_width / count
    bar = max(slot * 0.7, 1)
    parts = [axis(MARGIN_TOP, height, plot_width, maximum)]
    for index, (label, figure) in enumerate(zip(chart.labels, chart.figures, strict=True)):
        x = MARGIN_LEFT + slot * index + (slot - bar) / 2
        if figure.suppressed:
            parts.append(
                format_html(
                    '<rect class="insights-chart__hidden" x="{x}" y="{y}" width="{w}" height="4">'
                    "<title>{label}: {text}</title></rect>",
                    x=f"{x:.1f}",
                    y=MARGIN_TOP + height - 4,
                    w=f"{bar:.1f}",
                    label=label,
                    text=str(figure),
                )
            )
            continue
        bar_height = height * figure.shown / maximum
        parts.append(
            format_html(
                '<rect class="insights-chart__bar" x="{x}" y="{y}" width="{w}" height="{h}">'
                "<title>{label}: {text}</title></rect>",
                x=f"{x:.1f}",
                y=f"{MARGIN_TOP + height - bar_height:.1f}",
                w=f"{bar:.1f}",
                h=f"{bar_height:.1f}",
                label=label,
                text=str(figure),
            )
        )
    every = max(1, count // 8)
    parts.append(x_labels(chart.labels, slot, MARGIN_TOP + height + 18, every))
    return mark_safe("".join(parts)), WIDTH, MARGIN_TOP + height + MARGIN_BOTTOM  # noqa: S308


def line(chart):
    count = len(chart.figures)
    plot_width = WIDTH - MARGIN_LEFT - 8
    height = COLUMN_HEIGHT
    maximum = nice_max(max((f.shown for f in chart.figures), default=0))
    slot = plot_width / count
    parts = [axis(MARGIN_TOP, height, plot_width, maximum)]
    points = []
    for index, (label, figure) in enumerate(zip(chart.labels, chart.figures, strict=True)):
        x = MARGIN_LEFT + slot * (index + 0.5)
        if figure.suppressed:
            parts.append(
                format_html(
                    '<text class="insights-chart__hidden-label" x="{x}" y="{y}" '
                    'text-anchor="middle">{text}</text>',
                    x=f"{x:.1f}",
                    y=MARGIN_TOP + height - 6,
                    text=str(figure),
                )
            )
            continue
        y = MARGIN_TOP + height - height * figure.shown / maximum
        points.append((x, y))
        parts.append(
            format_html(
                '<circle class="insights-chart__point" cx="{x}" cy="{y}" r="5">'
                "<title>{label}: {text}</title></circle>"
                '<text class="insights-chart__value" x="{x}" y="{ty}" text-anchor="middle">'
                "{text}</text>",
                x=f"{x:.1f}",
                y=f"{y:.1f}",
                ty=f"{y - 10:.1f}",
                label=label,
                text=str(figure),
            )
        )
    if len(points) > 1:
        parts.insert(
            1,
            format_html(
                '<polyline class="insights-chart__line" points="{}"/>',
                " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
            ),
        )
    parts.append(x_labels(chart.labels, slot, MARGIN_TOP + height + 18, 1))
    return mark_safe("".join(parts)), WIDTH, MARGIN_TOP + height + MARGIN_BOTTOM  # noqa: S308


def bars(chart):
    maximum = nice_max(max((f.shown for f in chart.figures), default=0))
    plot_width = WIDTH - BAR_LABEL_WIDTH - 60
    parts = []
    for index, (label, figure) in enumerate(zip(chart.labels, chart.figures, strict=True)):
        y = MARGIN_TOP + index * BAR_ROW
        text = str(label)
        short = text if len(text) <= 32 else text[:31] + "…"
        width = 0 if figure.suppressed else plot_width * figure.shown / maximum
        parts.append(
            format_html(
                '<text class="insights-chart__label" x="{lx}" y="{ty}" text-anchor="end">'
                "{short}</text>"
                '<rect class="insights-chart__{cls}" x="{x}" y="{y}" width="{w}" height="{h}">'
                "<title>{label}: {value}</title></rect>"
                '<text class="insights-chart__value" x="{vx}" y="{ty}">{value}</text>',
                lx=BAR_LABEL_WIDTH - 8,
                ty=f"{y + BAR_ROW * 0.65:.1f}",
                short=short,
                cls="hidden" if figure.suppressed else "bar",
                x=BAR_LABEL_WIDTH,
                y=f"{y + 3:.1f}",
                w=f"{max(width, 3):.1f}",
                h=BAR_ROW - 6,
                label=text,
                value=str(figure),
                vx=f"{BAR_LABEL_WIDTH + max(width, 3) + 6:.1f}",
            )
        )
    height = MARGIN_TOP * 2 + BAR_ROW * len(chart.figures)
    return mark_safe("".join(parts)), WIDTH, height  # noqa: S308
