"""Request guards that apply to every URL.

- HostileInputMiddleware: input no view should ever parse is refused with 400 before any view,
  session or database sees it.
- StorageFaultMiddleware: an S3 failure no view handled (an image or document upload during an
  outage) is a 503 with Retry-After, not a 500.
"""

import logging
import time
from urllib.parse import unquote_to_bytes

from botocore.exceptions import BotoCoreError, ClientError
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse, JsonResponse

from cms.storage import note_storage_outage, storage_unavailable_message

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("django.security.HostileInput")

NUL = "\x00"


class HostileInput(Exception):
    pass


class HostileInputMiddleware:
    """400 for a NUL byte anywhere (path, query, headers and cookies, form fields and JSON
    bodies of the public site), a query string that is not valid UTF-8 once percent-decoded, and
    over-long query or form values outside the admin.

    Why here and not only in views: PostgreSQL refuses NUL in text ("DataError", a 500), and a
    NUL reaches the database through routes no view code sees (a page slug in the path, the
    session cookie, a login name). Views still parse their own input strictly; this is the floor.
    The admin keeps its long values (StreamField forms) but gets the NUL and UTF-8 checks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            self.check(request)
        except HostileInput as problem:
            security_logger.warning("Refused %s %r: %s", request.method, request.path, problem)
            # JSON, because the script endpoints (search suggestions, listening) read errors as
            # JSON; a browser showing it was sent garbage on purpose.
            return JsonResponse({"error": "Bad request."}, status=400)
        return self.get_response(request)

    @staticmethod
    def is_admin(request):
        return request.path_info.startswith("/admin/")

    def check(self, request):
        if NUL in request.path_info or NUL in request.META.get("QUERY_STRING", ""):
            raise HostileInput("NUL in the URL")
        for name, value in request.META.items():
            if name.startswith("HTTP_") and isinstance(value, str) and NUL in value:
                raise HostileInput(f"NUL in header {name}")
        raw_query = request.META.get("QUERY_STRING", "")
        try:
            unquote_to_bytes(raw_query.replace("+", " ")).decode("utf-8")
        except UnicodeDecodeError as error:
            raise HostileInput("query string is not UTF-8") from error
        limit = None if self.is_admin(request) else settings.MAX_PUBLIC_PARAMETER_LENGTH
        self.check_values(request.GET, limit)
        if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            self.check_body(request, limit)

    @staticmethod
    def check_values(params, limit):
        for key, values in params.lists():
            if NUL in key:
                raise HostileInput("NUL in a parameter name")
            for value in values:
                if NUL in value:
                    raise HostileInput(f"NUL in parameter {key!r}")
                if limit is not None and len(value) > limit:
                    raise HostileInput(f"parameter {key!r} is too long")

    def check_body(self, request, limit):
        content_type = request.content_type or ""
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            # The admin's uploads are parsed by its views; its text fields refuse NUL themselves.
            if not self.is_admin(request):
                self.check_values(request.POST, limit)
        elif content_type == "application/json" and not self.is_admin(request):
            try:
                body = request.body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise HostileInput("body is not UTF-8") from error
            # Escaped or not: the view's json.loads would turn "\\u0000" into a NUL.
            if NUL in body or "\\u0000" in body:
                raise HostileInput("NUL in the JSON body")


class SessionIdleRefreshMiddleware:
    """SESSION_COOKIE_AGE as an idle timeout: a logged-in session's expiry moves on at most once
    every SESSION_REFRESH_SECONDS, not with a database write on every request (what
    SESSION_SAVE_EVERY_REQUEST would do)."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # A logged-in session, read from the session itself: loading the user here would cost
        # every page-cache hit a query (cms/core/page_cache.py).
        if session is not None and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: saved with a new expiry and cookie
        return response


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on responses no shared cache or browser disk may keep:
    a redirect carrying a signed S3 link (documents, audio, signed image originals), and the
    document downloads themselves. Views that know better set it themselves (feeds, audio,
    transcripts, search, the listening endpoints)."""

    PRIVATE_URL_NAMES = {"wagtaildocs_serve"}
    SIGNATURE_MARKERS = ("X-Amz-Signature=", "Signature=")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        location = response.get("Location", "")
        signed_redirect = any(marker in location for marker in self.SIGNATURE_MARKERS)
        if signed_redirect or (match is not None and match.url_name in self.PRIVATE_URL_NAMES):
            response["Cache-Control"] = "private, no-store"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy under /admin/ (Wagtail's editor needs
    inline style attributes, blob: previews and its preview frame); the public site gets the
    strict one (CONTENT_SECURITY_POLICY)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith("/admin/"):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        elif getattr(request, "is_preview", False):
            # Wagtail renders a preview as a request to the page's own URL, shown in the
            # editor's preview panel: the site's policy, framed by the admin only.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


class PermissionsPolicyMiddleware:
    """Permissions-Policy from PERMISSIONS_POLICY: {feature: [allowed origins]} ("self")."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class StorageFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (BotoCoreError, ClientError)):
            return None
        logger.error("Storage failed during %s %s", request.method, request.path, exc_info=True)
        note_storage_outage()
        response = HttpResponse(
            str(storage_unavailable_message()),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(settings.STORAGE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "private, no-store"
        return response
