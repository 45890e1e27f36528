"""Company sign-in in Chromium, through the provider's own page (oidc-provider-mock on loopback),
under the site's real Content-Security-Policy: to the home page, to the admin, and out again
through the provider's end-session page."""

import pytest
from django.contrib.auth import get_user_model

from cms.settings.base import content_security_policy, oidc_group_map
from tests.e2e.test_csp import ViolationRecorder
from tests.oidc_provider import GROUP_MAP, oidc_provider  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sign_in_site(oidc_provider, settings, live_server):  # noqa: F811
    from cms.accounts.provider import forget_discovery

    for name, value in oidc_provider.site_settings().items():
        setattr(settings, name, value)
    settings.OIDC_GROUP_MAP = oidc_group_map(GROUP_MAP)
    # As settings do from OIDC_OP_END_SESSION_ENDPOINT: logout's form may continue there.
    origins = [oidc_provider.url]
    settings.CONTENT_SECURITY_POLICY = content_security_policy(form_action=origins)
    settings.ADMIN_CONTENT_SECURITY_POLICY = content_security_policy(
        admin=True, form_action=origins
    )
    forget_discovery()
    yield oidc_provider
    forget_discovery()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="en-GB")
    recorder = ViolationRecorder(context)
    context.set_default_timeout(15_000)
    yield context, recorder
    context.close()


def violations(page, recorder):
    return [*page.evaluate("window.__cspViolations || []"), *recorder.console]


def authorize_at_provider(page, provider, sub):
    page.wait_for_url(f"{provider.url}/oauth2/authorize?*")
    page.fill('input[name="sub"]', sub)
    page.click('button[type="submit"]:has-text("Authorize")')


def test_sign_in_through_the_provider_to_the_home_page_and_out(sign_in_site, context, live_server):
    provider = sign_in_site
    provider.put_user(
        "e2e-robin",
        email="robin@contoso.example",
        given_name="Robin",
        family_name="Berg",
        groups=["hs-editors"],
    )
    browser_context, recorder = context
    page = browser_context.new_page()

    page.goto(f"{live_server.url}/en/")
    page.wait_for_url("**/en/login/?next=/en/")
    page.click("a[data-company-sign-in]")  # "Sign in with Contoso", the first choice
    authorize_at_provider(page, provider, "e2e-robin")

    page.wait_for_url(f"{live_server.url}/en/")
    assert page.locator("a[data-logout]").count() >= 1
    assert not violations(page, recorder)
    user = get_user_model().objects.get(company_identity__subject="e2e-robin")
    assert set(user.groups.values_list("name", flat=True)) == {"Editors"}

    # The admin, without signing in again.
    page.goto(f"{live_server.url}/admin/")
    assert page.url == f"{live_server.url}/admin/"
    assert page.locator("#wagtail-sidebar, [data-side-panel-toggle], main").count() >= 1

    # Log out from the site's header: the form posts here, then continues to the provider's
    # end-session page (the policy's form-action allows it), and back to our login page.
    page.goto(f"{live_server.url}/en/")
    page.click("a[data-logout]")
    page.wait_for_url(f"{provider.url}/oauth2/end_session?*")
    page.click('button:has-text("End session")')
    page.wait_for_url(f"{live_server.url}/en/login/")
    page.goto(f"{live_server.url}/en/")
    page.wait_for_url("**/en/login/?next=/en/")


def test_sign_in_from_the_admin_login_page(sign_in_site, context, live_server):
    provider = sign_in_site
    provider.put_user("e2e-sam", email="sam@contoso.example", groups=["hs-reviewers"])
    browser_context, recorder = context
    page = browser_context.new_page()

    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url("**/admin/login/?next=/admin/")
    page.click("a[data-company-sign-in]")
    authorize_at_provider(page, provider, "e2e-sam")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert page.locator("text=Sign in with Contoso").count() == 0
    assert not violations(page, recorder)
    user = get_user_model().objects.get(company_identity__subject="e2e-sam")
    assert set(user.groups.values_list("name", flat=True)) == {"Editors", "Wellbeing reviewers"}
