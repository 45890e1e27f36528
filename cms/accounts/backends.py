"""Authentication backends: passwords (Django's, with the company sign-in policy) and company
sign-in (mozilla-django-oidc's, matching people by the ID token's issuer and subject).

What the company sign-in backend adds to mozilla-django-oidc 5.0:
- the ID token's audience (our client id, and `azp` when there are several), issuer (when
  known) and expiry are checked; mozilla-django-oidc checks the signature and nonce only;
- users are found by (issuer, sub) in `CompanyIdentity`, never by e-mail, created on first
  sign-in, and their name, e-mail and mapped groups are set again at every sign-in;
- claims come from the ID token with the userinfo answer on top (Entra ID puts groups in the
  ID token only; its userinfo endpoint is Microsoft Graph's);
- settings are read when used (sign-in may be off, or its endpoints discovered).
"""

import hashlib
import logging
import re

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from cms.workflows.roles import EMPLOYEES

from . import provider
from .models import CompanyIdentity

logger = logging.getLogger(__name__)

# Seconds of clock difference between us and the provider tolerated on exp, iat and nbf.
CLOCK_SKEW_SECONDS = 60


class SignInRefused(SuspiciousOperation):
    """The provider's answer did not pass a check: nobody is signed in."""


class LocalPasswordBackend(ModelBackend):
    """Django's username and password, except:
    - with company sign-in on and LOCAL_LOGIN=false, only break-glass superusers;
    - with company sign-in on, never for an account made by company sign-in (it has no usable
      password, and must not get one that outlives its directory entry)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not provider.enabled():
            return user
        if CompanyIdentity.objects.filter(user=user).exists():
            return None
        if not provider.local_login_allowed() and not provider.is_break_glass(user):
            return None
        return user


def listed(value):
    """A claim that may be one string or a list of them, as a list of strings."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def site_groups_for(claims):
    """The names of the site groups a person's directory groups give them (Employees if none),
    and every group the map manages (which sign-in may take away)."""
    group_map = settings.OIDC_GROUP_MAP
    directory_groups = listed(claims.get(settings.OIDC_GROUPS_CLAIM))
    wanted = {name for group in directory_groups for name in group_map.get(group, [])}
    managed = {name for names in group_map.values() for name in names} | {EMPLOYEES}
    return (wanted or {EMPLOYEES}), managed


ORG_GROUP_MAX_LENGTH = CompanyIdentity._meta.get_field("org_group").max_length


def org_group_from(claims):
    """The person's office or department from OIDC_ORG_GROUP_CLAIM: one short text (a list
    claim: its first value), trimmed; empty when not given, and when Insights' breakdown by
    group (INSIGHTS_ORG_GROUPS) is off: nothing is kept that nothing uses."""
    if not (settings.INSIGHTS_ORG_GROUPS and settings.OIDC_ORG_GROUP_CLAIM):
        return ""
    values = listed(claims.get(settings.OIDC_ORG_GROUP_CLAIM))
    value = " ".join(values[0].split()) if values else ""
    return value[:ORG_GROUP_MAX_LENGTH].strip()


def username_from(claims):
    """A readable, unique username: the provider's preferred username or e-mail address, made
    unique with a hash of the subject when taken (it is a label here: sign-in never uses it)."""
    User = get_user_model()
    base = claims.get("preferred_username") or claims.get("email") or f"user-{claims['sub']}"
    base = re.sub(r"[^\w.@+-]", "-", str(base))[:150] or "user"
    if not User.objects.filter(username__iexact=base).exists():
        return base
    digest = hashlib.sha256(f"{claims['iss']} {claims['sub']}".encode()).hexdigest()[:10]
    return f"{base[:139]}-{digest}"


class CompanySignInBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(provider.setting)

    def __init__(self, *args, **kwargs):
        # mozilla-django-oidc reads every setting here, and refuses to load without them; ours
        # are read when used (the properties below), so the backend loads with sign-in off.
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_USER_ENDPOINT", ""))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: self.get_settings("OIDC_OP_JWKS_ENDPOINT"))
    OIDC_RP_CLIENT_ID = property(lambda self: self.get_settings("OIDC_RP_CLIENT_ID"))
    OIDC_RP_CLIENT_SECRET = property(lambda self: self.get_settings("OIDC_RP_CLIENT_SECRET", ""))
    OIDC_RP_SIGN_ALGO = property(lambda self: self.get_settings("OIDC_RP_SIGN_ALGO", "RS256"))
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: self.get_settings("OIDC_RP_IDP_SIGN_KEY", None))

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password form posted with ?code=&state= in
        # its address must not start a token exchange.
        if request is None or not provider.enabled() or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    # --- The ID token ------------------------------------------------------------------

    def verify_token(self, token, **kwargs):
        try:
            return super().verify_token(token, **kwargs)
        except SignInRefused:
            raise
        except SuspiciousOperation as error:
            raise SignInRefused(f"ID token refused: {error}") from error
        except (jwt.PyJWTError, KeyError, ValueError, TypeError) as error:
            # A token with no kid, or no usable key in the JWKS, or not a JWT at all.
            raise SignInRefused(f"ID token unreadable: {error!r}") from error

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for `token`, from its JWKS: the one with the token's kid,
        or, for a token without one, the only signing key for our algorithm (OpenID Connect
        Core 10.1 lets a provider with one key leave kid out)."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        try:
            answer = requests.get(
                self.OIDC_OP_JWKS_ENDPOINT,
                timeout=self.get_settings("OIDC_TIMEOUT", None),
                verify=self.get_settings("OIDC_VERIFY_SSL", True),
            )
            answer.raise_for_status()
            keys = answer.json()["keys"]
        except (ValueError, KeyError, TypeError) as error:
            raise SignInRefused(f"JWKS unreadable: {error!r}") from error
        keys = [
            key
            for key in keys
            if isinstance(key, dict)
            and key.get("use", "sig") == "sig"
            and key.get("alg", algorithm) == algorithm
        ]
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is not None:
            keys = [key for key in keys if key.get("kid") == kid]
        if len(keys) != 1:
            raise SignInRefused(f"no single signing key in the JWKS for kid {kid!r}")
        return jwt.PyJWK(keys[0], algorithm=algorithm)

    def _verify_jws(self, payload, key):
        """Signature (with the one algorithm we accept), audience, issuer, expiry, issued-at."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != algorithm:
            raise SignInRefused(f"ID token algorithm {header.get('alg')!r} is not {algorithm}")
        client_id = self.OIDC_RP_CLIENT_ID
        issuer = self.get_settings("OIDC_OP_ISSUER", "") or None
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[algorithm],
                audience=client_id,
                issuer=issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise SignInRefused(f"ID token refused: {error!r}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != client_id:
            raise SignInRefused("ID token for several audiences names another party (azp)")
        return claims

    # --- Claims and the user -------------------------------------------------------------

    def get_userinfo(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                # OpenID Connect Core 5.3.2: the answer may be someone else's.
                raise SignInRefused("userinfo is about another subject")
            claims.update(userinfo)
            # Who the token says it is, issued by whom: never from userinfo.
            claims["sub"], claims["iss"] = payload["sub"], payload["iss"]
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub")) and bool(claims.get("iss"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            company_identity__issuer=claims["iss"], company_identity__subject=claims["sub"]
        )

    def create_user(self, claims):
        """A new account on first sign-in: no usable password, no staff or superuser flag."""
        try:
            with transaction.atomic():
                user = self.UserModel.objects.create_user(
                    username_from(claims), email=claims.get("email") or ""
                )
                CompanyIdentity.objects.create(
                    user=user, issuer=claims["iss"], subject=claims["sub"]
                )
        except IntegrityError:
            # The same person's first sign-in in two tabs at once: the other one made it.
            user = self.filter_users_by_claims(claims).get()
        else:
            logger.info("Company sign-in created user %s for %s", user.pk, claims["sub"])
        self.request.company_sign_in_new_user = True
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        """Name, e-mail and mapped groups from the provider at every sign-in."""
        fields = {
            "email": (claims.get("email") or user.email)[:254],
            **self.names_from(claims, user),
        }
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if changed:
            user.save(update_fields=changed)
        self.set_groups(user, claims)
        CompanyIdentity.objects.filter(user=user).update(
            last_signed_in_at=timezone.now(), org_group=org_group_from(claims)
        )
        self.request.company_sign_in_language = provider.language_from_claim(
            claims.get(settings.OIDC_LOCALE_CLAIM)
        )
        return user

    @staticmethod
    def names_from(claims, user):
        given, family = claims.get("given_name"), claims.get("family_name")
        if not (given or family) and isinstance(claims.get("name"), str):
            given, _, family = claims["name"].strip().partition(" ")
        if not (given or family):
            return {}
        return {"first_name": str(given or "")[:150], "last_name": str(family or "")[:150]}

    @staticmethod
    def set_groups(user, claims):
        """The directory decides the groups the map manages (and Employees): a role removed
        there is removed here. Other groups given by hand stay; superuser is never touched."""
        wanted, managed = site_groups_for(claims)
        groups = {group.name: group for group in Group.objects.filter(name__in=managed)}
        for name in sorted(wanted - set(groups)):
            logger.warning("OIDC_GROUP_MAP names a group that does not exist: %r", name)
        current = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
        remove = [groups[name] for name in current - wanted if name in groups]
        add = [groups[name] for name in wanted - current if name in groups]
        if remove:
            user.groups.remove(*remove)
        if add:
            user.groups.add(*add)
