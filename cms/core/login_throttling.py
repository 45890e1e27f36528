"""Login throttling with django-axes: both login forms (the site's /<lang>/login/ and the admin's
/admin/login/, and Wagtail's own front-end login) count failures per username and per address,
in the database, so every app process sees the same lockout.

Settings: LOGIN_FAILURE_LIMIT (default 10), LOGIN_COOLOFF_MINUTES (15), TRUSTED_PROXY_COUNT (how
many proxies in front of the app add themselves to X-Forwarded-For; 0 means use REMOTE_ADDR).
Superusers unlock from the admin (Settings > Login lockouts).
"""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet


class RequestAwareAxesBackend(AxesStandaloneBackend):
    """Axes' lockout check for every login that comes with a request (all the login forms).

    `authenticate()` without a request (management commands, the test client's `login()`) has no
    address to count and is left to ModelBackend, which follows in AUTHENTICATION_BACKENDS."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost trusted proxy saw (X-Forwarded-For is read from the right: a client can prepend
    anything it likes, not append)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def username_for_counting(request, credentials=None):
    """The username axes counts failures under, cut to the longest a username can be (150):
    counters are keyed by it, and a 5,000-character guess must not overflow the column."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username") if request is not None else None
    return username[:150] if isinstance(username, str) else None


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with one message for any username, existing or not, and any
    reason (this username, or this address): a lockout reveals nothing about accounts."""
    return render(
        request,
        "core/login.html",
        {
            "form": AuthenticationForm(request),
            "locked_out": True,
            "cooloff_minutes": settings.LOGIN_COOLOFF_MINUTES,
            "next": "",
        },
        status=429,
    )


class LoginLockoutViewSet(ModelViewSet):
    """Settings > Login lockouts: failed-login counters; deleting one unlocks it at once."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Login lockouts")
    add_to_settings_menu = True
    url_prefix = "login-lockouts"
    name = "login_lockouts"
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    form_fields = ["username", "ip_address"]
    # Model permissions: superusers only, as no role group holds any axes permission.
