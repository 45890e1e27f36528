import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms.storage import StorageProblem, clear_storage_outage, note_storage_outage, probe_storage

logger = logging.getLogger(__name__)


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def media_storage_answers():
    """The bucket exists and takes a small probe object, within STORAGE_CHECK_DEADLINE seconds
    whatever S3 does (refuses, hangs, lost its bucket)."""
    try:
        probe_storage(write=True)
    except StorageProblem:
        note_storage_outage()  # audio answers 503 at once for a while instead of waiting
        raise
    clear_storage_outage()


HEALTH_CHECKS = {"database": database_answers, "storage": media_storage_answers}


@never_cache
@require_safe
def healthz(request):
    """200 when every dependency answers; 503 naming those that do not. Never any detail
    beyond the part's name: the body is public."""
    results = {}
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except StorageProblem as problem:
            logger.warning("Health check %s failed: %s", name, problem.part)
            results[name] = problem.part
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    failing = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "unavailable" if failing else "ok", "checks": results}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)


class EmployeeLoginView(auth_views.LoginView):
    """The branded front-end login; the admin keeps its own."""

    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutConfirmView(auth_views.LogoutView):
    """GET asks "Log out of Heart & Soul?" with a POST form; POST logs out as Django does.

    The header links here instead of carrying a form, so every page's header is the same for
    every listener (no CSRF token in it) and the page cache can keep it. With JavaScript the
    link posts at once (site.js)."""

    http_method_names = ["get", "post", "options"]
    template_name = "core/logout.html"

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(settings.LOGIN_URL)
        return super().get(request, *args, **kwargs)
