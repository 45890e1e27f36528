"""The Insights area (admin), its CSV export, the beacon endpoint and the employees' page."""

import csv
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from . import charts, groups, reports
from .figures import Figure, min_group
from .forms import FilterForm
from .recording import record_page_event

VIEW_INSIGHTS = "insights.view_insights"

# The beacon's events: what insights.js may say, the metric it counts, and the page type it
# must name (None: any page).
EVENTS = {
    "view": ("views", None),
    "start": ("starts", "episodepage"),
    "25": ("reached_25", "episodepage"),
    "50": ("reached_50", "episodepage"),
    "75": ("reached_75", "episodepage"),
    "100": ("completions", "episodepage"),
    "playlist": ("playlist_plays", "playlistpage"),
    "call": ("help_calls", None),
    "counselling": ("help_counselling", None),
    "resource": ("help_resources", None),
}


def json_status(message, status):
    response = JsonResponse({"error": message} if message else {}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # checked below, answered as JSON
def record_event(request):
    """POST event=<name>&page=<id> (+ the CSRF token): one upsert, 204. Nothing about the
    visitor is kept but a hash that lives until tonight's rollup."""
    # LocaleMiddleware would answer a 404 here with a redirect to /en/insights/… (Wagtail's
    # catch-all resolves every path): judged against this module's URLs, a 404 stays a 404.
    request.urlconf = "cms.insights.urls"
    if not request.user.is_authenticated:
        return json_status("login required", 401)
    if request.method != "POST":
        response = json_status("method not allowed", 405)
        response["Allow"] = "POST"
        return response
    if CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is not None:
        return json_status("CSRF check failed", 403)
    event = request.POST.get("event", "")
    page_id = request.POST.get("page", "")
    if event not in EVENTS:
        return json_status("unknown event", 400)
    if not (page_id.isascii() and page_id.isdigit() and len(page_id) <= 18):
        return json_status("page must be a page id", 400)
    metric, model = EVENTS[event]
    found = Page.objects.filter(pk=int(page_id), live=True).values_list(
        "locale_id", "content_type_id"
    )
    if not found:
        return json_status("no such page", 404)
    locale_id, content_type_id = found[0]
    if model and ContentType.objects.get_for_id(content_type_id).model != model:
        return json_status("this event is not counted for this page", 400)
    record_page_event(request.user.pk, metric, int(page_id), locale_id)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "private, no-store"
    return response


def what_we_count(request):
    """For employees, in their language: what Insights counts and what it never does."""
    return render(
        request,
        "insights/what_we_count.html",
        {"min_group": min_group(), "org_groups": groups.enabled()},
    )


# --- Admin ---------------------------------------------------------------------------------


def require_insights(request):
    if not request.user.has_perm(VIEW_INSIGHTS):
        raise PermissionDenied


def section_context(sections):
    rendered = []
    for index, section in enumerate(sections):
        rendered.append(
            {
                "section": section,
                "chart": charts.render(section.chart, f"chart-{section.key}-{index}"),
                "rows": [[cell_context(cell) for cell in row] for row in section.table.rows],
                "total": [cell_context(cell) for cell in section.table.total]
                if section.table.total
                else None,
            }
        )
    return rendered


def cell_context(cell):
    if isinstance(cell, reports.Link):
        return {"text": cell.text, "url": cell.url}
    if isinstance(cell, Figure):
        return {"text": str(cell), "figure": cell}
    return {"text": str(cell)}


def csv_response(title, filters, sections):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(title) or "insights"
    response["Content-Disposition"] = (
        f'attachment; filename="insights-{name}-{filters.start}-{filters.end}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow([title])
    writer.writerow([_("From"), filters.start.isoformat(), _("To"), filters.end.isoformat()])
    writer.writerow(
        [_("Language"), filters.locale.get_display_name() if filters.locale else _("All languages")]
    )
    for section in sections:
        writer.writerow([])
        writer.writerow([section.title])
        writer.writerow(section.table.columns)
        for row in section.table.rows:
            writer.writerow([cell_context(cell)["text"] for cell in row])
        if section.table.total:
            writer.writerow([cell_context(cell)["text"] for cell in section.table.total])
    writer.writerow([])
    writer.writerow([footnote()])
    return response


def footnote():
    return _(
        "“fewer than %(count)s”: fewer than %(count)s people on each day in each language, not "
        "shown. * Not counting those small groups. Totals add up only the figures shown."
    ) % {"count": min_group()}


def screen(request, title, sections, filters, form, *, breadcrumbs=(), intro=""):
    if request.GET.get("format") == "csv":
        return csv_response(title, filters, sections)
    params = request.GET.copy()
    params["format"] = "csv"
    return render(
        request,
        "insights/screen.html",
        {
            "page_title": title,
            "sections": section_context(sections),
            "filters": filters,
            "form": form,
            "csv_query": params.urlencode(),
            "breadcrumbs": breadcrumbs,
            "intro": intro,
            "footnote": footnote(),
            "min_group": min_group(),
            "tabs": tabs(request),
        },
    )


def tabs(request):
    current = request.resolver_match.url_name if request.resolver_match else ""
    items = [
        ("overview", _("Overview")),
        ("campaigns", _("Campaigns")),
        ("shows", _("Shows and episodes")),
        ("search", _("Search")),
    ]
    return [
        {
            "url": reverse(f"insights:{name}"),
            "label": label,
            "current": current.startswith(name[:4]),
        }
        for name, label in items
    ]


def overview(request):
    require_insights(request)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    return screen(request, _("Insights"), reports.overview(filters), filters, form)


def listing(request, model, title, url_name):
    """Campaigns or shows (in the default language) with links to their screens."""
    require_insights(request)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    pages = list(reports.pages_of_type(model))
    sections = reports.listing(pages, filters, url_name)
    return screen(request, title, sections, filters, form)


def campaigns(request):
    from campaigns.models import CampaignPage

    return listing(request, CampaignPage, _("Campaigns"), "insights:campaign")


def shows(request):
    from library.models import PodcastShowPage

    return listing(request, PodcastShowPage, _("Shows and episodes"), "insights:show")


def campaign(request, page_id):
    from campaigns.models import CampaignPage

    require_insights(request)
    page = get_object_or_404(CampaignPage, pk=page_id)
    # By default, the campaign's own dates (up to yesterday).
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    end = min(page.ends_on or yesterday, yesterday)
    start = page.starts_on if page.starts_on and page.starts_on <= end else None
    form = FilterForm(request.GET or None, default_start=start, default_end=end)
    filters = form.filters()
    dates = page.starts_on.isoformat() if page.starts_on else ""
    if page.ends_on:
        dates += " – " + page.ends_on.isoformat()
    return screen(
        request,
        page.title,
        reports.campaign_report(page, filters),
        filters,
        form,
        breadcrumbs=[(reverse("insights:campaigns"), _("Campaigns"))],
        intro=_("Campaign dates: %(dates)s") % {"dates": dates} if dates else "",
    )


def show(request, page_id):
    from library.models import PodcastShowPage

    require_insights(request)
    page = get_object_or_404(PodcastShowPage, pk=page_id)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    return screen(
        request,
        page.title,
        reports.show_report(page, filters),
        filters,
        form,
        breadcrumbs=[(reverse("insights:shows"), _("Shows and episodes"))],
    )


def episode(request, page_id):
    from library.models import EpisodePage

    require_insights(request)
    page = get_object_or_404(EpisodePage, pk=page_id)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    parent = page.get_parent()
    return screen(
        request,
        page.title,
        reports.episode_report(page, filters),
        filters,
        form,
        breadcrumbs=[
            (reverse("insights:shows"), _("Shows and episodes")),
            (reverse("insights:show", args=[parent.pk]), parent.title),
        ],
    )


def search(request):
    require_insights(request)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    return screen(request, _("Search"), reports.search_report(filters), filters, form)


def not_found(request):
    raise Http404
