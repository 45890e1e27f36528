"""Log out: the header links to a confirmation page (GET), which posts to log out (POST), so no
page's header carries a CSRF token or anything else personal (the page cache keeps it)."""

import re

import pytest


@pytest.mark.django_db
def test_the_confirmation_page_asks_with_a_post_form(employee_client):
    response = employee_client.get("/en/logout/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Log out of Heart & Soul?" in html
    form = re.search(r'<form method="post" action="/en/logout/">.*?</form>', html, re.S)
    assert form and "csrfmiddlewaretoken" in form.group(0)
    assert "no-cache" in response["Cache-Control"]  # it carries a token: never cached
    assert employee_client.get("/en/").status_code == 200  # asking did not log out


@pytest.mark.django_db
def test_posting_logs_out(employee_client, site_tree):
    response = employee_client.post("/en/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/en/login/"
    assert employee_client.get(site_tree["en"].url).status_code == 302


@pytest.mark.django_db
def test_the_csrf_cookie_value_is_accepted_as_the_token(client, employee, site_tree):
    """What site.js sends: the cookie's value as the form token."""
    client.force_login(employee)
    client.handler.enforce_csrf_checks = True
    client.get("/en/logout/")  # sets the cookie
    token = client.cookies["csrftoken"].value
    assert client.post("/en/logout/").status_code == 403
    response = client.post("/en/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(site_tree["en"].url).status_code == 302


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/sv/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/sv/login/"


@pytest.mark.django_db
def test_the_header_holds_nothing_personal(employee_client, employee, site_tree):
    employee.first_name, employee.last_name = "Robin", "Lindqvist"
    employee.save()
    for home in site_tree.values():
        html = employee_client.get(home.url).content.decode()
        header = re.search(r'<header class="site-header".*?</header>', html, re.S).group(0)
        assert f'href="/{home.locale.language_code}/logout/"' in header
        for personal in ("csrfmiddlewaretoken", "Robin", "Lindqvist", employee.username):
            assert personal not in header, (home.url, personal)
