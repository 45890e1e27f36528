"""Benchmark-only URLs (benchmarks/bench_settings.py): never part of the site's URLconf."""

from django.db import connections
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def ok(request):
    """The baseline: what a request costs with no work at all."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
def forget_pages(request):
    """Every cached page out of date (the page cache's own API), so the next request is a miss:
    what publishing an episode or a campaign does (the navigation and banner stay cached)."""
    from cms.core.page_cache import bump_generation

    bump_generation()
    return HttpResponse("ok", content_type="text/plain")


class CountQueriesMiddleware:
    """X-Bench-Queries: the SQL queries the request made (outermost, so everything counts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Bench-Queries"] = str(count[0])
        return response


def site_patterns():
    # The site's own patterns after ours (i18n_patterns cannot be include()d).
    from cms.urls import urlpatterns

    return urlpatterns


urlpatterns = [
    path("bench/ok", ok),
    path("bench/forget-pages", forget_pages),
    *site_patterns(),
]
