"""Employees only: every public page needs a login, and the login page is our own."""

import pytest
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import PageViewRestriction

from cms.core.factories import StandardPageFactory


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sv", "de", "es", "fr", "pt-br"])
def test_anonymous_visitor_is_sent_to_the_login_page(client, site_tree, language):
    home_url = site_tree[language].url
    response = client.get(home_url)

    assert response.status_code == 302
    with override(language):
        login_url = reverse("login")
    assert response["Location"] == f"{login_url}?next={home_url}"


@pytest.mark.django_db
def test_pages_below_a_home_page_inherit_the_restriction(client, site_tree):
    page = StandardPageFactory(parent=site_tree["en"], title="About us", slug="about-us")
    page.save_revision().publish()

    response = client.get(page.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected_heading"),
    [
        ("en", "Why talking helps"),
        ("sv", "Därför hjälper det att prata"),
        ("de", "Warum Reden hilft"),
        ("es", "Por qué ayuda hablar"),
        ("fr", "Pourquoi parler aide"),
        ("pt-br", "Por que conversar ajuda"),
    ],
)
def test_logged_in_employee_sees_the_home_page_in_every_language(
    client, site_tree, employee, language, expected_heading
):
    client.force_login(employee)

    response = client.get(site_tree[language].url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert expected_heading in html
    assert 'href="#main-content"' in html  # skip link


@pytest.mark.django_db
def test_login_page_is_branded_and_outside_the_admin(client):
    response = client.get("/en/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Welcome to Heart & Soul" in html
    assert 'autocomplete="current-password"' in html
    assert "wagtail" not in response.templates[0].name


@pytest.mark.django_db
def test_login_with_the_right_password_returns_to_the_requested_page(client, site_tree, employee):
    response = client.post(
        "/en/login/?next=/sv/",
        {"username": employee.username, "password": "password", "next": "/sv/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/sv/"
    assert client.get("/sv/").status_code == 200


@pytest.mark.django_db
def test_login_with_a_wrong_password_explains_and_logs_nobody_in(client, employee):
    response = client.post("/en/login/", {"username": employee.username, "password": "nope"})

    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_refuses_to_redirect_off_site(client, employee):
    response = client.post(
        "/en/login/",
        {"username": employee.username, "password": "password", "next": "https://evil.example"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_root_url_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 302
    assert response["Location"] == "/sv/"


@pytest.mark.django_db
def test_logout_ends_the_session(client, site_tree, employee):
    client.force_login(employee)
    response = client.post("/en/logout/")
    assert response.status_code == 302
    assert client.get(site_tree["en"].url).status_code == 302


@pytest.mark.django_db
def test_every_home_page_carries_a_login_restriction(site_tree):
    for home in site_tree.values():
        assert home.view_restrictions.filter(restriction_type=PageViewRestriction.LOGIN).exists(), (
            home.locale.language_code
        )


@pytest.mark.django_db
def test_language_switcher_names_each_language_in_itself(client, site_tree, employee):
    client.force_login(employee)
    html = client.get(site_tree["sv"].url).content.decode()
    switcher = html.split('<nav class="language-switcher"')[1].split("</nav>")[0]

    assert 'hreflang="en" lang="en">English</a>' in switcher
    assert 'hreflang="de" lang="de">Deutsch</a>' in switcher
    assert 'hreflang="sv"' not in switcher  # the current language is not offered
