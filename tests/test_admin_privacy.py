"""The admin sends nothing about staff to third parties: no Gravatar avatars (a hash of each
editor's e-mail address would reach gravatar.com on every admin page)."""

import pytest
from django.conf import settings as project_settings

from cms.core.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/account/", "/admin/users/"]


@pytest.fixture
def staff_client(client):
    admin = UserFactory(
        username="avatar-check", email="robin.reviewer@example.com", is_superuser=True
    )
    client.force_login(admin)
    return client


def test_gravatar_is_off_in_the_project_settings():
    assert project_settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_load_no_gravatar(staff_client, path):
    response = staff_client.get(path)
    assert response.status_code == 200
    assert "gravatar" not in response.content.decode().lower()


def test_the_check_would_see_a_gravatar_if_one_were_configured(staff_client, settings):
    """Wagtail's default, to show the check above looks where avatars are rendered."""
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    assert "www.gravatar.com/avatar/" in staff_client.get("/admin/").content.decode()
