"""Session lifetime tied to the provider's: mozilla-django-oidc's SessionRefresh, which sends a
browser whose last check at the provider is older than OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS back
to it silently (prompt=none). A provider session still open comes straight back signed in; one
that has ended (the person left, or signed out elsewhere) ends the session here too.

Only top-level page navigations are sent: audio, images, feeds, script requests and frames
(the admin's preview panel) would break on a redirect to the provider, and the next page
navigation does the check for them.
"""

import re

from django.utils.deprecation import MiddlewareMixin
from mozilla_django_oidc.middleware import SessionRefresh

from . import provider

# Paths never sent to the provider: their answers are read by players, podcast apps, scripts.
NOT_PAGES = ("/audio/", "/feeds/", "/transcripts/", "/listening/", "/healthz", "/oidc/")
# Logging in or out (in any language, and the admin's) is never interrupted by a re-check.
LOGIN_AND_LOGOUT = re.compile(r"^/(?:[a-z-]+|admin)/log(?:in|out)/$")


class ProviderSessionRefreshMiddleware(SessionRefresh):
    get_settings = staticmethod(provider.setting)

    def __init__(self, get_response):
        # mozilla-django-oidc reads its settings here; ours are read when used, so the
        # middleware stays in place (and idle) while company sign-in is off.
        MiddlewareMixin.__init__(self, get_response)

    OIDC_EXEMPT_URLS = property(lambda self: self.get_settings("OIDC_EXEMPT_URLS", []))
    OIDC_OP_AUTHORIZATION_ENDPOINT = property(
        lambda self: self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
    )
    OIDC_RP_CLIENT_ID = property(lambda self: self.get_settings("OIDC_RP_CLIENT_ID"))
    OIDC_STATE_SIZE = property(lambda self: self.get_settings("OIDC_STATE_SIZE", 32))
    OIDC_AUTHENTICATION_CALLBACK_URL = property(
        lambda self: self.get_settings(
            "OIDC_AUTHENTICATION_CALLBACK_URL", "oidc_authentication_callback"
        )
    )
    OIDC_RP_SCOPES = property(lambda self: self.get_settings("OIDC_RP_SCOPES", "openid email"))
    OIDC_USE_NONCE = property(lambda self: self.get_settings("OIDC_USE_NONCE", True))
    OIDC_NONCE_SIZE = property(lambda self: self.get_settings("OIDC_NONCE_SIZE", 32))

    @property
    def exempt_urls(self):
        # mozilla-django-oidc adds its own three URL names here; ours are under /oidc/ above.
        return {url for url in self.OIDC_EXEMPT_URLS if isinstance(url, str)}

    def is_refreshable_url(self, request):
        if not provider.enabled():
            return False
        # Browsers say what a request is for; a request without these headers (curl, tests)
        # counts as a page.
        if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
            return False
        if request.headers.get("Sec-Fetch-Dest", "document") != "document":
            return False
        path = request.path_info
        if path.startswith(NOT_PAGES) or LOGIN_AND_LOGOUT.match(path):
            return False
        return super().is_refreshable_url(request)

    def process_request(self, request):
        try:
            return super().process_request(request)
        except provider.ProviderUnreachable:
            # Discovery failed: the session stays (it still ends when idle), the check is
            # made again on the next page.
            return None
