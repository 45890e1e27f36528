import logging

from django.contrib.auth import views as auth_views
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_PROBE_NAME = "healthz/probe"


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def media_storage_answers():
    # A HEAD request on S3, a stat locally: cheap, and it fails when the store is unreachable.
    default_storage.exists(HEALTH_PROBE_NAME)


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
