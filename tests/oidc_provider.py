"""A real OpenID Connect provider on loopback for the company sign-in tests: oidc-provider-mock
(a Flask app on authlib: discovery, authorization page, token endpoint, userinfo, JWKS, RS256
ID tokens, end-session), served by werkzeug in a thread on a free port, spoken to over HTTP.

`TestProvider.misbehave` makes the provider's token endpoint hand out a bad ID token, the way
a compromised or misconfigured provider (or someone in between) would: expired, for another
audience or issuer, signed with another key, altered after signing, or unsigned. The site's
checks then run for real against what comes over the wire. (It re-signs with the provider's
own key, read from `flask.g.oidc_provider_mock_storage`, which oidc-provider-mock 0.3.4 sets
before every request.)
"""

import base64
import json
import os
import threading
import time
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import flask
import jwt
import oidc_provider_mock
import pytest
import requests
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "heart-and-soul"
CLIENT_SECRET = "test-client-secret"
GROUP_MAP = "hs-editors=Editors,hs-reviewers=Editors,hs-reviewers=Wellbeing reviewers"
MISBEHAVIOURS = ("expired", "audience", "issuer", "other-key", "forged", "unsigned")


class TestProvider:
    __test__ = False  # not a test class

    def __init__(self):
        # http on loopback: authlib refuses plain http unless told.
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
        self.misbehave = None
        self.app = oidc_provider_mock.app(require_nonce=True)
        self.app.after_request(self._misbehave)
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()

    # --- The directory ---------------------------------------------------------------

    def put_user(self, sub, **claims):
        """Creates or replaces a person at the provider (its own HTTP API)."""
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    # --- What the site is told -------------------------------------------------------------

    def site_settings(self, *, discovery=False):
        """The site's settings for this provider: explicit endpoints, or discovery only."""
        common = {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_DISCOVERY_URL": "",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": "",
            "OIDC_OP_TOKEN_ENDPOINT": "",
            "OIDC_OP_USER_ENDPOINT": "",
            "OIDC_OP_JWKS_ENDPOINT": "",
            "OIDC_OP_END_SESSION_ENDPOINT": "",
            "OIDC_OP_ISSUER": "",
            "IDP_NAME": "Contoso",
        }
        if discovery:
            return common | {
                "OIDC_OP_DISCOVERY_URL": f"{self.url}/.well-known/openid-configuration"
            }
        return common | {
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/oauth2/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/oauth2/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_OP_END_SESSION_ENDPOINT": f"{self.url}/oauth2/end_session",
            "OIDC_OP_ISSUER": self.url,
        }

    # --- Misbehaviour ----------------------------------------------------------------------

    def _misbehave(self, response):
        mode = self.misbehave
        if not mode or flask.request.path != "/oauth2/token" or response.status_code != 200:
            return response
        body = response.get_json()
        body["id_token"] = self.bad_id_token(body["id_token"], mode)
        response.set_data(json.dumps(body))
        return response

    @staticmethod
    def bad_id_token(token, mode):
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
        own_key = jwt.PyJWK(
            flask.g.oidc_provider_mock_storage.jwk.as_dict(is_private=True), algorithm="RS256"
        ).key
        kid = {"kid": header["kid"]} if "kid" in header else {}
        now = int(time.time())
        if mode == "expired":
            claims |= {"exp": now - 3600, "iat": now - 7200}
            return jwt.encode(claims, own_key, algorithm="RS256", headers=kid)
        if mode == "audience":
            claims["aud"] = "another-application"
            return jwt.encode(claims, own_key, algorithm="RS256", headers=kid)
        if mode == "issuer":
            claims["iss"] = "https://impostor.example"
            return jwt.encode(claims, own_key, algorithm="RS256", headers=kid)
        if mode == "other-key":
            stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return jwt.encode(claims, stranger, algorithm="RS256", headers=kid)
        if mode == "forged":
            # Someone else's subject in a token that keeps the real signature.
            head, _payload, signature = token.split(".")
            claims["sub"] = "somebody-else"
            payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
            return f"{head}.{payload.decode()}.{signature}"
        if mode == "unsigned":
            return jwt.encode(claims, None, algorithm="none", headers=kid)
        raise ValueError(mode)


@contextmanager
def running_provider():
    provider = TestProvider().start()
    try:
        yield provider
    finally:
        provider.stop()


def with_query(url, **changes):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url):
    return dict(parse_qsl(urlsplit(url).query))


# --- pytest fixtures (imported by the tests that use them) -----------------------------------


@pytest.fixture(scope="session")
def oidc_provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture
def provider(oidc_provider, settings):
    """The site configured for the running provider (explicit endpoints), groups mapped."""
    from cms.accounts.provider import forget_discovery
    from cms.settings.base import oidc_group_map

    for name, value in oidc_provider.site_settings().items():
        setattr(settings, name, value)
    settings.OIDC_GROUP_MAP = oidc_group_map(GROUP_MAP)
    oidc_provider.misbehave = None
    forget_discovery()
    yield oidc_provider
    oidc_provider.misbehave = None
    forget_discovery()


def sign_in_at_provider(
    client,
    provider,
    sub,
    *,
    start="/oidc/authenticate/",
    edit_authorize=None,
    edit_callback=None,
    action=None,
):
    """The browser's part, step by step: the site's start URL (302 to the provider), the
    provider's authorization page (a form post as `sub`, 302 back), the site's callback.
    Returns the callback's response."""
    started = client.get(start)
    assert started.status_code == 302, started
    authorize_url = started["Location"]
    assert authorize_url.startswith(provider.url)
    if edit_authorize:
        authorize_url = edit_authorize(authorize_url)
    form = {"action": action} if action else {"sub": sub}
    answer = requests.post(authorize_url, data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    callback = answer.headers["Location"]
    if edit_callback:
        callback = edit_callback(callback)
    parts = urlsplit(callback)
    assert parts.path == "/oidc/callback/", callback
    return client.get(f"{parts.path}?{parts.query}")
