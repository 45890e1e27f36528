"""Company sign-in sessions: re-checked at the provider, ended there at logout; passwords under
LOCAL_LOGIN=false; feed tokens of a deactivated account."""

import time

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.accounts.models import CompanyIdentity
from library.models import PodcastFeedToken, PodcastShowPage
from tests.oidc_provider import query_of, sign_in_at_provider

pytestmark = pytest.mark.django_db
User = get_user_model()


def signed_in(client, provider, sub, **claims):
    provider.put_user(sub, email=f"{sub}@contoso.example", **claims)
    response = sign_in_at_provider(client, provider, sub)
    assert response.status_code == 302, response.content
    return User.objects.get(company_identity__subject=sub)


def expire_provider_check(client):
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()


# --- Session refresh -----------------------------------------------------------------------


def test_a_page_after_the_check_expires_goes_back_to_the_provider_silently(client, provider):
    signed_in(client, provider, "refresh-1")
    assert client.get("/en/").status_code == 200  # within the check's time: no trip
    expire_provider_check(client)

    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.url}/oauth2/authorize?")
    query = query_of(response["Location"])
    assert query["prompt"] == "none"
    assert query["code_challenge_method"] == "S256" and query["nonce"]

    # oidc-provider-mock keeps no sessions, so it answers every silent check as a provider
    # whose session is over: login_required. The session here ends; the login page follows,
    # coming back to the same page afterwards.
    answer = requests.post(
        response["Location"], data={"sub": "refresh-1"}, allow_redirects=False, timeout=10
    )
    assert query_of(answer.headers["Location"])["error"] == "login_required"
    back = client.get("/oidc/callback/?" + answer.headers["Location"].split("?", 1)[1])
    assert back.status_code == 302 and back["Location"] == "/en/login/?next=%2Fen%2F"
    assert client.get("/en/").status_code == 302


def test_only_page_navigations_are_sent_to_the_provider(client, provider):
    signed_in(client, provider, "refresh-2")
    expire_provider_check(client)
    # Scripts, players and frames carry on (the next page navigation does the check).
    script = client.get("/listening/state/", headers={"Sec-Fetch-Mode": "cors"})
    assert not script.get("Location", "").startswith(provider.url)
    frame = client.get("/en/", headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"})
    assert frame.status_code == 200
    assert client.get("/en/logout/").status_code == 200  # logging out is never interrupted
    assert client.get("/en/").status_code == 302


def test_an_ended_provider_session_ends_the_session_here(client, provider):
    signed_in(client, provider, "refresh-3")
    expire_provider_check(client)
    trip = client.get("/en/library/")
    state = query_of(trip["Location"])["state"]
    # What a provider answers a silent check when its session is over.
    response = client.get(f"/oidc/callback/?error=login_required&state={state}")
    assert response.status_code == 302
    assert response["Location"] == "/en/login/?next=%2Fen%2Flibrary%2F"
    assert client.get("/en/").status_code == 302  # logged out here


def test_password_sessions_are_never_sent_to_the_provider(client, provider, employee):
    client.post("/en/login/", {"username": employee.username, "password": "x"})
    client.force_login(employee)
    expire_provider_check(client)
    assert client.get("/en/").status_code == 200


# --- Logout --------------------------------------------------------------------------------


def test_logout_ends_the_providers_session_too(client, provider):
    signed_in(client, provider, "logout-4")
    assert client.get("/en/logout/").status_code == 200  # the confirmation page still asks
    response = client.post("/en/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{provider.url}/oauth2/end_session?")
    query = query_of(response["Location"])
    assert query["post_logout_redirect_uri"] == "http://testserver/en/login/"
    assert query["client_id"] == "heart-and-soul"
    assert query["id_token_hint"].count(".") == 2
    assert client.get("/en/").status_code == 302  # logged out here at once

    # The provider's end-session page, then back to our login page.
    page = requests.get(response["Location"], timeout=10)
    assert page.status_code == 200 and "End session" in page.text
    done = requests.post(
        f"{provider.url}/oauth2/end_session/confirm",
        data={"redirect_uri": query["post_logout_redirect_uri"]},
        allow_redirects=False,
        timeout=10,
    )
    assert done.headers["Location"] == "http://testserver/en/login/"


def test_admin_logout_ends_the_providers_session_too(client, provider):
    signed_in(client, provider, "logout-5", groups=["hs-editors"])
    response = client.post("/admin/logout/")
    assert response["Location"].startswith(f"{provider.url}/oauth2/end_session?")
    assert query_of(response["Location"])["post_logout_redirect_uri"] == (
        "http://testserver/admin/login/"
    )
    assert client.get("/admin/").status_code == 302


def test_password_sessions_log_out_here_only(client, provider, employee):
    client.force_login(employee)
    assert client.post("/en/logout/")["Location"] == "/en/login/"


def test_without_an_end_session_endpoint_logout_stays_here(client, provider, settings):
    signed_in(client, provider, "logout-6")
    settings.OIDC_OP_END_SESSION_ENDPOINT = ""
    assert client.post("/en/logout/")["Location"] == "/en/login/"


# --- Passwords ----------------------------------------------------------------------------------


@pytest.fixture
def break_glass(db, settings):
    admin = User.objects.create_superuser("glass", "glass@example.com", "glass-password-1")
    settings.BREAK_GLASS_USERNAMES = ["glass"]
    return admin


def test_local_login_off_refuses_passwords_but_break_glass(client, provider, settings, break_glass):
    settings.LOCAL_LOGIN = False
    employee = User.objects.create_user("pat", password="pat-password-1")
    employee.groups.add(Group.objects.get(name="Employees"))

    html = client.get("/en/login/").content.decode()
    assert "Sign in with Contoso" in html and 'name="password"' not in html
    assert 'name="password"' not in client.get("/admin/login/").content.decode()
    assert 'name="password"' in client.get("/admin/login/?break-glass").content.decode()

    response = client.post("/en/login/", {"username": "pat", "password": "pat-password-1"})
    assert response.status_code == 200  # refused: the page again
    assert client.get("/en/").status_code == 302
    response = client.post("/admin/login/", {"username": "glass", "password": "glass-password-1"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_local_login_off_without_company_sign_in_changes_nothing(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    settings.LOCAL_LOGIN = False
    User.objects.create_user("quinn", password="quinn-password-1")
    response = client.post("/en/login/", {"username": "quinn", "password": "quinn-password-1"})
    assert response.status_code == 302


def test_a_company_account_never_logs_in_with_a_password(client, provider):
    user = signed_in(client, provider, "pw-7")
    client.logout()
    user.set_password("a-password-set-by-hand")
    user.save()
    response = client.post(
        "/en/login/", {"username": user.username, "password": "a-password-set-by-hand"}
    )
    assert response.status_code == 200
    assert client.get("/en/").status_code == 302
    assert CompanyIdentity.objects.filter(user=user).exists()


# --- Feed tokens of a deactivated account ------------------------------------------------------


def test_feed_tokens_of_a_deactivated_account_stop_working_at_once(client, employee, site_tree):
    from tests.trees import build_listener_pages

    show = build_listener_pages(site_tree["en"]).show
    assert PodcastShowPage.objects.live().filter(pk=show.pk).exists()
    key = PodcastFeedToken.issue(employee)
    feed = f"/feeds/{key}/shows/{show.pk}.rss"
    assert client.get(feed).status_code == 200

    employee.is_active = False
    employee.save(update_fields=["is_active"])
    assert client.get(feed).status_code == 404

    employee.is_active = True
    employee.save(update_fields=["is_active"])
    assert client.get(feed).status_code == 200
