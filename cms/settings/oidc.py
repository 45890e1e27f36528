"""Company sign-in (OpenID Connect; cms/accounts, README "Company sign-in")."""

import os

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_list

# --- OpenID Connect (company sign-in; cms/accounts, README "Company sign-in") ---------------
# mozilla-django-oidc's own setting names, from the environment. Off while OIDC_RP_CLIENT_ID is
# unset: local accounts only, as before. Endpoints given explicitly always win; any left unset
# come from OIDC_OP_DISCOVERY_URL (the provider's /.well-known/openid-configuration) when given,
# fetched on first use, never at start-up.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = os.environ.get("OIDC_OP_DISCOVERY_URL", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# Not mozilla-django-oidc's: the ID token's required "iss", and where logout ends the
# provider's session (RP-initiated logout). Discovery fills both when unset.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_END_SESSION_ENDPOINT = os.environ.get("OIDC_OP_END_SESSION_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
# Authorization code flow with PKCE (S256), state and nonce; the ID token's signature checked
# against the provider's JWKS, and its audience, issuer and expiry (cms/accounts/backends.py).
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Kept in the server-side session as the id_token_hint of the provider logout.
OIDC_STORE_ID_TOKEN = True
# Seconds between silent re-checks at the provider (prompt=none): a person removed from the
# directory loses their session here within this time.
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = int(os.environ.get("OIDC_RENEW_SESSION_SECONDS", "900"))
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "5"))  # seconds, each call to the provider
# Directory groups (OIDC_GROUPS_CLAIM) to the site's role groups: "hs-editors=Editors,
# hs-reviewers=Wellbeing reviewers". A directory group may be named twice to give two roles.
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
OIDC_LOCALE_CLAIM = os.environ.get("OIDC_LOCALE_CLAIM", "locale")
# The claim naming a person's organisational group (office or department), kept on their company
# identity for Insights' optional breakdown (INSIGHTS_ORG_GROUPS). Empty: not supplied.
OIDC_ORG_GROUP_CLAIM = os.environ.get("OIDC_ORG_GROUP_CLAIM", "")


def oidc_group_map(text):
    """{directory group: [site group, ...]} from "a=Editors,b=Wellbeing reviewers"."""
    mapping = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        directory_group, sep, site_group = (piece.strip() for piece in entry.partition("="))
        if not sep or not directory_group or not site_group:
            raise ImproperlyConfigured(
                f"OIDC_GROUP_MAP entries look like directory-group=Site group, not {entry!r}."
            )
        mapping.setdefault(directory_group, []).append(site_group)
    return mapping


OIDC_GROUP_MAP = oidc_group_map(os.environ.get("OIDC_GROUP_MAP", ""))
# The button reads "Sign in with <IDP_NAME>" ("Sign in with your company account" when unset).
IDP_NAME = os.environ.get("IDP_NAME", "")
# With company sign-in on, LOCAL_LOGIN=false refuses every password except those of the
# superusers named in BREAK_GLASS_USERNAMES (for when the provider is down), who log in at
# /admin/login/?break-glass. Without company sign-in it changes nothing.
LOCAL_LOGIN = env_bool("LOCAL_LOGIN", True)
BREAK_GLASS_USERNAMES = env_list("BREAK_GLASS_USERNAMES")


def origin_of(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# The logout form's answer redirects to the provider's end-session endpoint: the policy's
# form-action must allow that origin (Chromium applies it to a form's redirects too).
OIDC_FORM_ACTION_ORIGINS = (
    [origin]
    if OIDC_RP_CLIENT_ID
    and (origin := origin_of(OIDC_OP_END_SESSION_ENDPOINT or OIDC_OP_DISCOVERY_URL))
    else []
)
