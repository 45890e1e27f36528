"""Company sign-in (OpenID Connect) against a real provider on loopback (tests/oidc_provider.py),
through its real redirects: the site's start URL, the provider's authorization page, the
site's callback exchanging the code (with PKCE) at the provider's token endpoint and checking
the ID token against its JWKS."""

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.accounts.models import CompanyIdentity
from tests.oidc_provider import (
    CLIENT_ID,
    MISBEHAVIOURS,
    query_of,
    sign_in_at_provider,
    with_query,
)

pytestmark = pytest.mark.django_db
User = get_user_model()


def groups_of(user):
    return set(user.groups.values_list("name", flat=True))


def signed_in_user(client):
    from django.contrib.auth import get_user

    class Request:
        session = client.session

    user = get_user(Request())
    return user if user.is_authenticated else None


def person(provider, sub, **claims):
    defaults = {
        "email": f"{sub}@contoso.example",
        "given_name": "Alex",
        "family_name": "Lind",
        "groups": [],
    }
    provider.put_user(sub, **(defaults | claims))
    return sub


# --- Off, and what the login pages offer --------------------------------------------------


def test_off_without_a_client_id(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    html = client.get("/en/login/").content.decode()
    assert "data-company-sign-in" not in html
    assert 'name="password"' in html
    # Not found (Django's LocaleMiddleware tries /en/oidc/… first, which is not found either).
    assert client.get("/oidc/authenticate/", follow=True).status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y", follow=True).status_code == 404
    assert "data-company-sign-in" not in client.get("/admin/login/").content.decode()


def test_both_login_pages_offer_company_sign_in_first(client, provider):
    for url in ("/en/login/?next=/en/library/", "/admin/login/?next=/admin/pages/"):
        html = client.get(url).content.decode()
        assert "Sign in with Contoso" in html, url
        assert html.index("data-company-sign-in") < html.index('name="password"'), url
    html = client.get("/sv/login/?next=/sv/").content.decode()
    assert "Logga in med Contoso" in html
    assert 'href="/oidc/authenticate/?next=%2Fsv%2F"' in html


def test_the_start_asks_for_a_code_with_pkce_state_and_nonce(client, provider):
    response = client.get("/oidc/authenticate/?next=/en/")
    assert response.status_code == 302
    query = query_of(response["Location"])
    assert response["Location"].startswith(f"{provider.url}/oauth2/authorize?")
    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/oidc/callback/"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    assert set(query["scope"].split()) == {"openid", "email", "profile"}


# --- First sign-in, and the next ones -------------------------------------------------------


def test_first_sign_in_creates_the_user_with_mapped_groups(client, provider):
    sub = person(provider, "alex-1", groups=["hs-editors", "unrelated"], locale="sv-SE")
    response = sign_in_at_provider(client, provider, sub)

    assert response.status_code == 302
    assert response["Location"] == "/sv/"  # the locale claim picks the language
    assert client.cookies["django_language"].value == "sv"
    user = signed_in_user(client)
    assert user is not None
    assert (user.email, user.first_name, user.last_name) == (
        "alex-1@contoso.example",
        "Alex",
        "Lind",
    )
    assert groups_of(user) == {"Editors"}
    assert not user.is_superuser and not user.is_staff
    assert not user.has_usable_password()
    identity = CompanyIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.url, sub)
    assert identity.last_signed_in_at is not None
    assert client.get("/sv/").status_code == 200
    assert client.get("/admin/").status_code == 200  # Editors reach the admin


def test_a_changed_group_claim_changes_the_role_at_next_sign_in(client, provider):
    sub = person(provider, "robin-2", groups=["hs-reviewers"])
    sign_in_at_provider(client, provider, sub)
    user = User.objects.get(company_identity__subject=sub)
    assert groups_of(user) == {"Editors", "Wellbeing reviewers"}
    # A group given by hand that the map does not manage stays.
    user.groups.add(Group.objects.get(name="Translators"))

    person(
        provider, sub, groups=["hs-editors"], email="robin.new@contoso.example", name="Robin Berg"
    )
    client.logout()
    sign_in_at_provider(client, provider, sub)
    user.refresh_from_db()
    assert groups_of(user) == {"Editors", "Translators"}
    assert (user.email, user.first_name, user.last_name) == (
        "robin.new@contoso.example",
        "Alex",
        "Lind",
    )

    # Removed from every mapped group in the directory: an employee, nothing more.
    person(provider, sub, groups=[], given_name="Robin", family_name="Berg")
    client.logout()
    sign_in_at_provider(client, provider, sub)
    user.refresh_from_db()
    assert groups_of(user) == {"Employees", "Translators"}
    assert (user.first_name, user.last_name) == ("Robin", "Berg")
    assert User.objects.filter(company_identity__subject=sub).count() == 1


def test_unmapped_people_become_employees_and_no_claim_makes_a_superuser(client, provider):
    sub = person(
        provider,
        "sam-3",
        groups=["Domain Admins", "superusers"],
        is_superuser=True,
        is_staff=True,
        roles=["admin"],
    )
    sign_in_at_provider(client, provider, sub)
    user = User.objects.get(company_identity__subject=sub)
    assert groups_of(user) == {"Employees"}
    assert not user.is_superuser and not user.is_staff
    assert client.get("/admin/").status_code == 302  # employees have no admin


def test_matched_by_subject_never_by_email(client, provider):
    local = User.objects.create_user("kim", email="kim@contoso.example", password="pw-12345678")
    sub = person(provider, "kim-4", email="kim@contoso.example")
    sign_in_at_provider(client, provider, sub)
    user = signed_in_user(client)
    assert user.pk != local.pk
    assert user.username != "kim"
    assert not CompanyIdentity.objects.filter(user=local).exists()

    # A new address at the provider: still the same person here.
    person(provider, sub, email="kim.renamed@contoso.example")
    client.logout()
    sign_in_at_provider(client, provider, sub)
    assert signed_in_user(client).pk == user.pk


def test_a_browser_that_chose_a_language_keeps_it_and_next_is_followed(client, provider):
    sub = person(provider, "lou-5", locale="de-DE")
    client.cookies["django_language"] = "fr"
    response = sign_in_at_provider(client, provider, sub, start="/oidc/authenticate/?next=/fr/")
    assert response["Location"] == "/fr/"
    assert client.cookies["django_language"].value == "fr"


# --- Refusals: a clear page, nobody signed in, no account made ---------------------------------


def assert_refused(response, client, users_before, text="could not be checked"):
    assert response.status_code in (403, 503)
    html = response.content.decode()
    assert "Sign-in did not work" in html
    assert text in html
    assert 'href="/oidc/authenticate/' in html  # try again
    assert signed_in_user(client) is None
    assert User.objects.count() == users_before
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("misbehaviour", MISBEHAVIOURS)
def test_a_bad_id_token_is_refused(client, provider, misbehaviour):
    sub = person(provider, f"mallory-{misbehaviour}", groups=["hs-editors"])
    before = User.objects.count()
    provider.misbehave = misbehaviour
    response = sign_in_at_provider(client, provider, sub)
    assert_refused(response, client, before)
    assert not CompanyIdentity.objects.filter(subject__startswith="mallory").exists()


def test_the_same_provider_without_misbehaviour_signs_in(client, provider):
    """The refusals above are the token's fault, not the set-up's."""
    sub = person(provider, "mallory-control")
    assert sign_in_at_provider(client, provider, sub).status_code == 302
    assert signed_in_user(client) is not None


def test_a_wrong_nonce_is_refused(client, provider):
    sub = person(provider, "nonce-6")
    before = User.objects.count()
    response = sign_in_at_provider(
        client,
        provider,
        sub,
        edit_authorize=lambda url: with_query(url, nonce="an-attackers-nonce-" + "x" * 20),
    )
    assert_refused(response, client, before)


def test_a_wrong_state_is_refused(client, provider):
    sub = person(provider, "state-7")
    before = User.objects.count()
    response = sign_in_at_provider(
        client, provider, sub, edit_callback=lambda url: with_query(url, state="forged-state")
    )
    assert_refused(response, client, before)


def test_a_callback_in_another_browser_is_refused(client, provider):
    """A code and state lured into someone else's browser (no state in its session)."""
    from django.test import Client

    sub = person(provider, "lured-8")
    before = User.objects.count()
    started = client.get("/oidc/authenticate/")
    answer = requests.post(
        started["Location"], data={"sub": sub}, allow_redirects=False, timeout=10
    )
    victim = Client()
    response = victim.get("/oidc/callback/?" + answer.headers["Location"].split("?", 1)[1])
    assert_refused(response, victim, before)


def test_a_replayed_callback_is_refused(client, provider):
    sub = person(provider, "replay-9")
    first = {}

    def keep(url):
        first["url"] = url
        return url

    sign_in_at_provider(client, provider, sub, edit_callback=keep)
    client.logout()
    before = User.objects.count()
    response = client.get("/oidc/callback/?" + first["url"].split("?", 1)[1])
    assert_refused(response, client, before)


def test_a_code_issued_to_another_client_is_refused(client, provider):
    """The token endpoint refuses to swap another application's code (400): our page."""
    sub = person(provider, "other-client-10")
    before = User.objects.count()
    response = sign_in_at_provider(
        client, provider, sub, edit_authorize=lambda url: with_query(url, client_id="other-app")
    )
    assert_refused(response, client, before)


def test_refusing_at_the_provider_shows_the_page(client, provider):
    before = User.objects.count()
    response = sign_in_at_provider(client, provider, None, action="deny")
    assert_refused(response, client, before, text="cancelled or refused")


def test_a_provider_that_does_not_answer_is_a_503_page(client, provider, settings):
    from tests.conftest import free_port

    sub = person(provider, "offline-11")
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{free_port()}/token"
    before = User.objects.count()
    response = sign_in_at_provider(client, provider, sub)
    assert response.status_code == 503
    assert_refused(response, client, before, text="not answering")


def test_the_failure_page_speaks_the_visitors_language(client, provider):
    sub = person(provider, "sv-12")
    client.cookies["django_language"] = "sv"
    provider.misbehave = "expired"
    html = sign_in_at_provider(client, provider, sub).content.decode()
    assert "Inloggningen fungerade inte" in html


def test_a_deactivated_account_is_refused_at_sign_in(client, provider):
    sub = person(provider, "leaver-13")
    sign_in_at_provider(client, provider, sub)
    user = signed_in_user(client)
    user.is_active = False
    user.save()
    client.logout()
    response = sign_in_at_provider(client, provider, sub)
    assert response.status_code == 403
    assert "switched off" in response.content.decode()
    assert signed_in_user(client) is None


# --- Discovery ---------------------------------------------------------------------------------


def test_discovery_alone_is_enough(client, provider, settings):
    for name, value in provider.site_settings(discovery=True).items():
        setattr(settings, name, value)
    sub = person(provider, "disco-14", groups=["hs-editors"])
    response = sign_in_at_provider(client, provider, sub)
    assert response.status_code == 302
    user = signed_in_user(client)
    assert groups_of(user) == {"Editors"}
    # The issuer came from the discovery document and was checked.
    assert CompanyIdentity.objects.get(user=user).issuer == provider.url


def test_explicit_endpoints_win_over_discovery(client, provider, settings):
    settings.OIDC_OP_DISCOVERY_URL = f"{provider.url}/.well-known/openid-configuration"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.contoso.example/authorize"
    response = client.get("/oidc/authenticate/")
    assert response["Location"].startswith("https://login.contoso.example/authorize?")


def test_discovery_that_does_not_answer_is_a_503_page(client, provider, settings):
    from tests.conftest import free_port

    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_DISCOVERY_URL = f"http://127.0.0.1:{free_port()}/.well-known/x"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503
    assert "not answering" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "code=x&state=y",
        "code=&state=",
        "state=only",
        "code=" + "a" * 5000 + "&state=b",
        "code=x&state=%E2%80%AE",
        "error=" + "e" * 300 + "&state=z",
        "error=login_required",
        "code=x&code=y&state=z&state=w",
        "code[]=x&state[]=y",
    ],
)
def test_hostile_callbacks_get_the_page_never_a_500(client, provider, query):
    client.get("/oidc/authenticate/")  # a session with a state in it
    before = User.objects.count()
    response = client.get(f"/oidc/callback/?{query}")
    assert response.status_code in (302, 403), response.status_code
    assert User.objects.count() == before
    assert signed_in_user(client) is None


def test_hostile_next_addresses_stay_on_the_site(client, provider):
    for bad in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"):
        sub = person(provider, "next-" + str(abs(hash(bad)) % 1000))
        client.logout()
        response = sign_in_at_provider(
            client, provider, sub, start=f"/oidc/authenticate/?next={bad}"
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/"), response["Location"]
        assert not response["Location"].startswith(("//", "/\\")), response["Location"]
