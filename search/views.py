from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from wagtail.search.backends import get_search_backend

from cms.core.localization import active_language_code
from cms.core.routing import site_from_cache
from cms.core.taxonomy import Topic
from cms.insights import recording as insights
from cms.support.helplines import crisis_support

from . import query as search_query
from .crisis import crisis_languages
from .promotions import count_query, promoted_pages


# Results depend on who asks (their groups) and what they searched: never in a shared cache,
# never kept on disk by the browser.
@site_from_cache
@cache_control(private=True, no_store=True)
def search(request):
    # The whole site is for employees only (each locale root requires login).
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    language_code = active_language_code()
    locale = search_query.locale_for(language_code)
    raw = request.GET.get("q", "")
    raw = raw if isinstance(raw, str) else ""
    query = search_query.clean_query(raw)
    terms = search_query.query_terms(query)
    filters = search_query.Filters.from_request(request.GET)

    crisis, crisis_elsewhere = crisis_support_for(request, raw, language_code)
    in_crisis = crisis is not None

    ids, types = [], {}
    facets = search_query.Facets()
    promotions = []
    support, page_ids, matches = {}, [], []
    # With no words but a topic or pillar chosen, the page lists that topic (its own page).
    browsing = None if query else search_query.browsing_subject(filters, language_code)
    if query:
        # Picks are keyed by what was typed (as the admin stores it), punctuation included.
        typed = search_query.typed_query(raw)
        promotions = promoted_pages(typed, locale, request.user)
        # Crisis searches are not even counted; others only as a number per query and day,
        # and only on a first visit (not on every filter or page change).
        if not in_crisis and "page" not in request.GET and not filters.as_params():
            count_query(typed)
        # Routes to help first, then pages, each best first.
        support = search_query.matching_support(query, locale)
        page_ids = search_query.matching_page_ids(query, locale, request.user)
        matches = [*support, *page_ids]
    elif browsing is not None:
        page_ids = search_query.browse_page_ids(locale, request.user, filters)
        matches = page_ids
    # Programme insights, on a first visit only (as the picks' counts): the crisis panel as a
    # number per day and language, never with the words; other searches per normalised query,
    # language and day, and whether they found anything. Nothing about who.
    if query and "page" not in request.GET and not filters.as_params():
        if in_crisis:
            insights.count_crisis_panel(locale.pk)
        else:
            insights.count_search(search_query.typed_query(raw), locale.pk, found=bool(matches))
    if matches:
        page_facts = search_query.page_facts(page_ids)
        types = page_facts.types
        # Helplines and resources are filtered and counted by their type too.
        facts = page_facts._replace(types={**search_query.support_types(support), **types})
        ids = search_query.apply_filters(matches, filters, facts)
        facets = search_query.count_facets(matches, filters, facts, language_code)

    paginator = Paginator(ids, search_query.PAGE_SIZE)
    # Anything that is not a page number shows the first page; past the end, the last.
    page_obj = paginator.get_page(request.GET.get("page"))
    keys = list(page_obj.object_list)
    found = search_query.load_hits(keys, loaded=support, types=types)
    hits = [found[key] for key in keys if key in found]
    results = search_query.build_results(hits, terms, locale, request)

    base_params = {"q": query, **filters.as_params()}
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "page_obj": page_obj,
            "paginator": paginator,
            "result_count": paginator.count,
            # Counts and facets cover the best MAX_MATCHES pages; say so when there are more.
            "more_results": not search_query.counted_all(page_ids),
            "browsing": browsing,
            "browsing_kind": "topic" if filters.topic else "pillar",
            "facets": facets,
            "filters": filters,
            "crisis": crisis,
            "crisis_elsewhere": crisis_elsewhere,
            "promotions": promotions,
            "query_string": urlencode(base_params),
            "facet_groups": facet_groups(facets, filters, base_params),
            # Words and filters chosen: one link back to the words alone.
            "clear_filters_url": (
                "?" + urlencode({"q": query}) if query and filters.as_params() else ""
            ),
        },
    )


def crisis_support_for(request, raw, language_code):
    """When the query contains a crisis term of any language: the visitor's own language's
    support, and (when the term is not one of their language's) the term's languages' too.

    Returns (own support or None, [support in the terms' other languages])."""
    languages = crisis_languages(raw)
    if not languages:
        return None, []
    own = crisis_support(request, language_code)
    if language_code in languages:
        return own, []
    return own, [crisis_support(request, code) for code in languages]


def facet_groups(facets, filters, base_params):
    """Each facet as links: choosing a value sets it (or clears it when already chosen)."""
    from django.utils.translation import gettext

    groups = []
    for param, label, values in (
        ("type", gettext("Type"), facets.content_type),
        ("topic", gettext("Topic"), facets.topic),
        ("pillar", gettext("Pillar"), facets.pillar),
        ("duration", gettext("Length"), facets.duration),
    ):
        if not values:
            continue
        links = []
        for value in values:
            params = {key: val for key, val in base_params.items() if key != param}
            if not value.selected:
                params[param] = value.value
            links.append({"value": value, "url": "?" + urlencode(params)})
        groups.append({"param": param, "label": label, "links": links})
    return groups


MAX_SUGGESTIONS = 8


@cache_control(private=True, no_store=True)
def autocomplete(request):
    """Titles and topics starting with what was typed, as JSON, for the search box."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Log in to search."}, status=403)
    raw = request.GET.get("q", "")
    if len(raw) > search_query.MAX_QUERY_LENGTH:
        return JsonResponse({"error": "The text is too long."}, status=400)
    query = search_query.clean_query(raw)
    if not query:
        return JsonResponse({"error": "Type at least one letter or digit."}, status=400)
    language_code = active_language_code()
    locale = search_query.locale_for(language_code)
    pages = search_query.searchable_pages(locale, request.user, fallback=False).specific()
    suggestions = [
        {"kind": "page", "label": page.title, "url": page.get_url(request)}
        for page in pages.autocomplete(query)[:MAX_SUGGESTIONS]
    ]
    # Helplines and the programme's resources, in this language, link to the support page.
    support_pages = {}
    for model, _fallback in search_query.SUPPORT_MODELS:
        items = get_search_backend().autocomplete(
            query, model.objects.filter(locale_id=locale.pk, live=True).select_related("locale")
        )
        for item in items[:MAX_SUGGESTIONS]:
            url = search_query.support_item_url(item, support_pages, request)
            if url:
                suggestions.append({"kind": "support", "label": str(item), "url": url})
    search_url = reverse("search")
    topics = get_search_backend().autocomplete(
        query, Topic.objects.filter(locale_id=locale.pk, live=True)
    )
    for topic in topics[:MAX_SUGGESTIONS]:
        suggestions.append(
            {
                "kind": "topic",
                "label": topic.name,
                "url": f"{search_url}?{urlencode({'q': topic.name, 'topic': topic.slug})}",
            }
        )
    return JsonResponse({"query": query, "suggestions": suggestions})
