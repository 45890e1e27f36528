"""Company sign-in settings from the environment, loaded in a clean subprocess."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.base import oidc_group_map, origin_of

SHOW = """
import json
from django.conf import settings as s
print(json.dumps({
    "client_id": s.OIDC_RP_CLIENT_ID,
    "pkce": s.OIDC_USE_PKCE,
    "nonce": s.OIDC_USE_NONCE,
    "algo": s.OIDC_RP_SIGN_ALGO,
    "groups_claim": s.OIDC_GROUPS_CLAIM,
    "group_map": s.OIDC_GROUP_MAP,
    "local_login": s.LOCAL_LOGIN,
    "break_glass": s.BREAK_GLASS_USERNAMES,
    "site_form_action": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
    "admin_form_action": s.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
}))
"""


def settings_with(**env):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("OIDC_")}
    clean |= {"DJANGO_SETTINGS_MODULE": "cms.settings.test", **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SHOW],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_off_by_default_and_the_policy_unchanged():
    loaded = settings_with()
    assert loaded["client_id"] == ""
    assert loaded["site_form_action"] == ["'self'"] == loaded["admin_form_action"]
    assert loaded["pkce"] and loaded["nonce"] and loaded["algo"] == "RS256"
    assert loaded["groups_claim"] == "groups" and loaded["local_login"] is True


def test_on_with_the_providers_logout_origin_in_form_action():
    loaded = settings_with(
        OIDC_RP_CLIENT_ID="hs",
        OIDC_OP_END_SESSION_ENDPOINT="https://login.contoso.example/tenant/oauth2/v2.0/logout",
        OIDC_GROUP_MAP="hs-editors=Editors, hs-reviewers=Wellbeing reviewers",
        LOCAL_LOGIN="false",
        BREAK_GLASS_USERNAMES="glass,pane",
    )
    origin = "https://login.contoso.example"
    assert loaded["site_form_action"] == ["'self'", origin]
    assert loaded["admin_form_action"] == ["'self'", origin]
    assert loaded["group_map"] == {
        "hs-editors": ["Editors"],
        "hs-reviewers": ["Wellbeing reviewers"],
    }
    assert loaded["local_login"] is False and loaded["break_glass"] == ["glass", "pane"]


def test_discovery_gives_the_origin_when_no_logout_endpoint_is_set():
    loaded = settings_with(
        OIDC_RP_CLIENT_ID="hs",
        OIDC_OP_DISCOVERY_URL="https://example.okta.com/.well-known/openid-configuration",
    )
    assert loaded["site_form_action"] == ["'self'", "https://example.okta.com"]


def test_group_map_parsing():
    assert oidc_group_map("") == {}
    assert oidc_group_map("a=Editors,a=Wellbeing reviewers,") == {
        "a": ["Editors", "Wellbeing reviewers"]
    }
    for bad in ("a", "=Editors", "a="):
        with pytest.raises(ImproperlyConfigured):
            oidc_group_map(bad)
    assert origin_of("https://x.example:8443/a/b") == "https://x.example:8443"
    assert origin_of("not a url") == ""
