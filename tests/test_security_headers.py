"""The headers that close finding 1 of the hardening issue, read off real responses: the site's
Content-Security-Policy (a fresh nonce per response, nothing inline, never framed), the admin's
own policy, and the Permissions-Policy. tests/e2e/test_csp.py checks that pages work under them."""

import re

import pytest

from cms.settings.base import content_security_policy
from tests.trees import build_listener_pages


@pytest.fixture
def listener_pages(site_tree):
    """The English library (/en/listen/), support page (/en/support/) and the rest."""
    return build_listener_pages(site_tree["en"])


def directives(response):
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/en/listen/", "/en/support/", "/en/search/?q=sleep"])
def test_public_pages_carry_a_strict_policy_with_a_fresh_nonce(
    employee_client, listener_pages, url
):
    first = employee_client.get(url, follow=True)
    second = employee_client.get(url, follow=True)
    assert first.status_code == second.status_code == 200

    policy = directives(first)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
        assert any(source.startswith("'nonce-") for source in policy[directive])

    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in first.content.decode()
    assert nonce not in second["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_login_page_is_under_the_site_policy(client):
    policy = directives(client.get("/en/login/"))
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_the_admin_has_its_own_policy_with_no_eval(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_the_report_uri_is_added_only_when_configured():
    assert "report-uri" not in content_security_policy()["DIRECTIVES"]
    configured = content_security_policy(report_uri="https://reports.example.com/csp")
    assert configured["DIRECTIVES"]["report-uri"] == ["https://reports.example.com/csp"]


@pytest.mark.django_db
def test_permissions_policy_refuses_camera_microphone_and_geolocation(employee_client):
    header = employee_client.get("/en/")["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    assert features["camera"] == features["microphone"] == features["geolocation"] == "()"
    assert "media-session" not in features  # the lock-screen player stays allowed
