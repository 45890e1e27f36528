"""Company sign-in settings, read when used (so tests and the environment decide, and nothing
is fetched at start-up).

`setting(name)` answers mozilla-django-oidc's `get_settings` for every class of ours: a provider
endpoint given explicitly wins; one left unset comes from the discovery document at
OIDC_OP_DISCOVERY_URL, fetched once and kept for DISCOVERY_CACHE_SECONDS.
"""

import logging
import threading
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_supported_language_variant

logger = logging.getLogger(__name__)

# Our setting name -> the discovery document's key.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
    "OIDC_OP_ISSUER": "issuer",
}
DISCOVERY_CACHE_SECONDS = 3600

_discovery = {"url": None, "document": None, "fetched_at": 0.0}
_discovery_lock = threading.Lock()


class ProviderUnreachable(Exception):
    """The identity provider (or its discovery document) did not answer usefully."""


def enabled():
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def local_login_allowed():
    """Passwords are accepted unless company sign-in is on and LOCAL_LOGIN=false."""
    return not enabled() or settings.LOCAL_LOGIN


def is_break_glass(user):
    return bool(
        user.is_superuser
        and user.is_active
        and user.get_username() in settings.BREAK_GLASS_USERNAMES
    )


def discovered(url):
    """The provider's discovery document (kept for an hour; one fetch at a time)."""
    with _discovery_lock:
        fresh = time.monotonic() - _discovery["fetched_at"] < DISCOVERY_CACHE_SECONDS
        if _discovery["url"] == url and _discovery["document"] is not None and fresh:
            return _discovery["document"]
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
            if not isinstance(document, dict):
                raise ValueError("not a JSON object")
        except (requests.RequestException, ValueError) as error:
            logger.warning("OpenID Connect discovery at %s failed: %s", url, error)
            raise ProviderUnreachable(f"discovery failed: {error}") from error
        _discovery.update(url=url, document=document, fetched_at=time.monotonic())
        return document


def forget_discovery():
    with _discovery_lock:
        _discovery.update(url=None, document=None, fetched_at=0.0)


def setting(name, *default):
    """mozilla-django-oidc's `get_settings(name[, default])`, with discovery for endpoints."""
    value = getattr(settings, name, None)
    if not value and name in DISCOVERED and getattr(settings, "OIDC_OP_DISCOVERY_URL", ""):
        value = discovered(settings.OIDC_OP_DISCOVERY_URL).get(DISCOVERED[name]) or ""
    missing = value is None or (value == "" and name in DISCOVERED)
    if missing and default:
        return default[0]
    if missing:
        raise ImproperlyConfigured(f"{name} is neither set nor in the discovery document.")
    return value


def language_from_claim(value):
    """A site language for a `locale` claim ("sv-SE", "pt_BR", "de"), or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    code = value.strip().replace("_", "-").lower()
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def provider_logout_url(request, after_logout_url):
    """Where logging out continues: the provider's end-session endpoint (RP-initiated logout)
    for a session that company sign-in started, when the provider has one; else None."""
    from django.contrib.auth import BACKEND_SESSION_KEY

    if not enabled() or not request.user.is_authenticated:
        return None
    if request.session.get(BACKEND_SESSION_KEY) != "cms.accounts.backends.CompanySignInBackend":
        return None
    try:
        endpoint = setting("OIDC_OP_END_SESSION_ENDPOINT", "")
    except ProviderUnreachable:
        return None  # logged out here all the same
    if not endpoint:
        return None
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(after_logout_url),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
