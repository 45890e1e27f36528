"""Login throttling (django-axes): both login forms, per username and per address, a lockout
after LOGIN_FAILURE_LIMIT failures for LOGIN_COOLOFF_MINUTES, one message whether or not the
account exists, unlock from the admin, and the lockout shared by two app processes."""

import os
import re
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from cms.core.factories import UserFactory

PASSWORD = "correct horse battery"
LOCKED_MESSAGE = "Too many failed attempts, so logging in is paused for 15 minutes."
FORMS = {"site": "/en/login/", "admin": "/admin/login/"}


def attempt(client, form, username, password, address="203.0.113.7"):
    return client.post(
        FORMS[form], {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def account(db):
    return UserFactory(username="throttled", password=PASSWORD, is_staff=True, is_superuser=True)


def test_defaults(settings):
    assert settings.LOGIN_FAILURE_LIMIT == 10
    assert settings.LOGIN_COOLOFF_MINUTES == 15
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_the_right_password_after_too_many_wrong_ones_does_not_log_in(account, form):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, form, "throttled", "wrong").status_code == 200
    response = attempt(client, form, "throttled", "wrong")
    assert response.status_code == 429

    response = attempt(client, form, "throttled", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    assert LOCKED_MESSAGE in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_below_the_limit_the_right_password_logs_in(account, form):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        attempt(client, form, "throttled", "wrong")
    response = attempt(client, form, "throttled", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_the_username_is_locked_from_any_address(account):
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "site", "throttled", "wrong", address=f"198.51.100.{number}")
    response = attempt(Client(), "admin", "throttled", PASSWORD, address="192.0.2.1")
    assert response.status_code == 429


@pytest.mark.django_db
def test_an_address_is_locked_for_every_username(account):
    for number in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "site", f"guess-{number}", "wrong", address="203.0.113.99")
    response = attempt(Client(), "site", "throttled", PASSWORD, address="203.0.113.99")
    assert response.status_code == 429
    # Another address is not affected.
    assert attempt(Client(), "site", "throttled", PASSWORD, address="192.0.2.2").status_code == 302


@pytest.mark.django_db
def test_the_message_does_not_reveal_whether_the_account_exists(account):
    answers = []
    for username in ("throttled", "nobody-by-this-name"):
        for number in range(settings.LOGIN_FAILURE_LIMIT):
            attempt(Client(), "site", username, "wrong", address=f"198.51.100.{number}")
        response = attempt(Client(), "site", username, "wrong", address="192.0.2.3")
        page = response.content.decode().replace(username, "")
        # The CSRF token and the CSP nonce are new on every page; nothing else may differ.
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        page = re.sub(r'nonce="[^"]+"', "", page)
        answers.append((response.status_code, page))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429


@pytest.mark.django_db
def test_the_message_is_translated(account):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "site", "throttled", "wrong")
    response = Client().post(
        "/de/login/", {"username": "throttled", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()


@pytest.mark.django_db
def test_the_lockout_ends_after_the_cool_off(account):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "site", "throttled", "wrong")
    assert attempt(Client(), "site", "throttled", PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES + 1)
    )

    assert attempt(Client(), "site", "throttled", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_superuser_unlocks_from_the_admin(account, role_users):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(Client(), "site", "throttled", "wrong")
    assert attempt(Client(), "site", "throttled", PASSWORD).status_code == 429

    admin = Client()
    admin.force_login(role_users["Administrators"])
    listing = admin.get("/admin/login-lockouts/")
    assert listing.status_code == 200
    assert "throttled" in listing.content.decode()
    for locked in AccessAttempt.objects.all():
        delete_url = f"/admin/login-lockouts/delete/{locked.pk}/"
        assert admin.post(delete_url).status_code == 302

    assert attempt(Client(), "site", "throttled", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_editors_cannot_see_or_clear_lockouts(role_users):
    editor = Client()
    editor.force_login(role_users["Editors"])
    assert editor.get("/admin/login-lockouts/").status_code in (302, 403)


def test_client_address_behind_a_trusted_proxy(rf, settings):
    from cms.core.login_throttling import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    # The address the load balancer saw, not what the client wrote in front of it.
    assert client_ip(request) == "203.0.113.5"


# --- Across two app processes ------------------------------------------------------------------


def database_url_for_subprocess():
    """The test database this test runs on, as DATABASE_URL for another process."""
    current = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{current['NAME']}"
    user = current.get("USER") or ""
    password = f":{current['PASSWORD']}" if current.get("PASSWORD") else ""
    host = current.get("HOST") or "127.0.0.1"
    port = current.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{current['NAME']}"


FAIL_IN_ANOTHER_PROCESS = textwrap.dedent(
    """
    import django, sys
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    setup_test_environment()
    limit = int(sys.argv[1])
    for path in ["/en/login/", "/admin/login/"] * limit:
        Client().post(path, {"username": "throttled", "password": "wrong"},
                      REMOTE_ADDR="198.51.100.200")
    """
)


@pytest.mark.django_db(transaction=True)
def test_a_lockout_made_in_one_process_holds_in_another(account):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
    }
    subprocess.run(
        [sys.executable, "-c", FAIL_IN_ANOTHER_PROCESS, str(settings.LOGIN_FAILURE_LIMIT // 2)],
        env=environment,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
        timeout=120,
    )
    assert AccessAttempt.objects.filter(username="throttled").exists()

    response = attempt(Client(), "site", "throttled", PASSWORD, address="192.0.2.77")

    assert response.status_code == 429


# --- Session lifetime -------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_active_session_is_kept_alive_and_an_idle_one_ends(client, employee):
    import time_machine
    from django.contrib.sessions.models import Session

    client.force_login(employee)
    key = client.session.session_key
    session = client.session
    session["_refreshed_at"] = 0  # last refreshed long ago
    session.save()
    started = timezone.now()

    # Eleven hours idle: still valid (from the cache or the database), and this request renews it.
    with time_machine.travel(started + timedelta(hours=11)):
        assert client.get("/en/").status_code == 200
        renewed = Session.objects.get(pk=key).expire_date
        expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        assert abs((renewed - expected).total_seconds()) < 60

    # Past the idle limit the session is gone (its cached copy expires with it): back to login.
    with time_machine.travel(renewed + timedelta(seconds=1)):
        response = client.get("/en/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
