"""Company sign-in views: start (to the provider), callback (back from it), and the two logouts
that also end the provider's session.

Every way the callback can fail (a forged, expired or foreign ID token, a wrong state or nonce,
the provider refusing or not answering) ends on one translated page saying what to do next,
with nobody signed in and no account made: never a 400 or 500 page.
"""

import logging

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)
from wagtail.admin.views.account import LogoutView as WagtailAdminLogoutView

from cms.core.views import LogoutConfirmView

from . import provider

logger = logging.getLogger(__name__)

# Answers to a silent re-check (prompt=none) meaning "the person must sign in again".
SIGN_IN_AGAIN_ERRORS = {
    "login_required",
    "interaction_required",
    "consent_required",
    "account_selection_required",
}


def sign_in_failed(request, reason, status):
    """The one failure page. `reason`: verify, provider, unreachable or inactive."""
    next_url = request.session.get("oidc_login_next") if hasattr(request, "session") else None
    start = reverse("oidc_authentication_init")
    if next_url:
        start += "?" + urlencode({"next": next_url})
    response = render(
        request,
        "accounts/sign_in_failed.html",
        {"reason": reason, "start_url": start, "local_login": provider.local_login_allowed()},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


class StartSignInView(OIDCAuthenticationRequestView):
    """To the provider's authorization endpoint, with state, nonce and a PKCE challenge."""

    get_settings = staticmethod(provider.setting)
    OIDC_OP_AUTH_ENDPOINT = property(
        lambda self: self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
    )
    OIDC_RP_CLIENT_ID = property(lambda self: self.get_settings("OIDC_RP_CLIENT_ID"))

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # settings are read when used (sign-in may be off)

    def get(self, request):
        if not provider.enabled():
            raise Http404
        try:
            return super().get(request)
        except (provider.ProviderUnreachable, ImproperlyConfigured) as error:
            logger.error("Company sign-in cannot start: %s", error)
            return sign_in_failed(request, "unreachable", 503)


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: mozilla-django-oidc checks state, nonce and PKCE and our backend
    the ID token; any refusal is the failure page."""

    get_settings = staticmethod(provider.setting)

    def get(self, request):
        if not provider.enabled():
            raise Http404
        # Where the person was going: mozilla-django-oidc's logout on an error empties the session.
        self.next_url = request.session.get("oidc_login_next") or ""
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # SignInRefused included
            logger.warning("Company sign-in refused: %s", error)
            return sign_in_failed(request, "verify", 403)
        except (provider.ProviderUnreachable, requests.RequestException) as error:
            status = getattr(getattr(error, "response", None), "status_code", None)
            if status is not None and 400 <= status < 500:
                # The token endpoint refused the code (replayed, another client's, PKCE).
                logger.warning("Company sign-in: token endpoint refused: %s", error)
                return sign_in_failed(request, "verify", 403)
            logger.error("Company sign-in: provider unreachable: %s", error)
            return sign_in_failed(request, "unreachable", 503)

    def login_failure(self):
        request = self.request
        error = request.GET.get("error")
        if error in SIGN_IN_AGAIN_ERRORS:
            # A silent re-check found the provider's session over: sign in again from the
            # login page (mozilla-django-oidc has logged out here already).
            login = resolve_url(settings.LOGIN_URL)
            next_url = self.next_url
            return redirect(f"{login}?{urlencode({'next': next_url})}" if next_url else login)
        if error:
            logger.info("Company sign-in: the provider answered %s", error)
            return sign_in_failed(request, "provider", 403)
        user = getattr(self, "user", None)
        if user is not None and not user.is_active:
            logger.info("Company sign-in: account %s is deactivated", user.pk)
            return sign_in_failed(request, "inactive", 403)
        return sign_in_failed(request, "verify", 403)

    def login_success(self):
        response = super().login_success()
        language = getattr(self.request, "company_sign_in_language", None)
        # The `locale` claim picks the language on a first visit: a browser that has chosen
        # one (the language cookie) keeps its choice.
        if language and settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            if response.url == resolve_url(settings.LOGIN_REDIRECT_URL):
                response = redirect(f"/{language}/")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        response["Cache-Control"] = "private, no-store"
        return response


def provider_logout_url_or_none(request, after_logout_url):
    try:
        return provider.provider_logout_url(request, after_logout_url)
    except ImproperlyConfigured:
        return None


class SiteLogoutView(LogoutConfirmView):
    """The site's logout (GET asks, POST logs out), continuing to the provider's logout."""

    def post(self, request, *args, **kwargs):
        url = provider_logout_url_or_none(request, resolve_url(settings.LOGIN_URL))
        response = super().post(request, *args, **kwargs)
        if url and response.status_code in (301, 302, 303):
            response["Location"] = url
        return response


class AdminLogoutView(WagtailAdminLogoutView):
    """The admin's logout, continuing to the provider's logout."""

    def dispatch(self, request, *args, **kwargs):
        url = None
        if request.method == "POST":
            url = provider_logout_url_or_none(request, reverse("wagtailadmin_login"))
        response = super().dispatch(request, *args, **kwargs)
        if url and response.status_code in (301, 302, 303):
            response["Location"] = url
        return response
