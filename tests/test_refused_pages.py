"""A logged-in employee outside a page's groups is told so (403), in their language, instead of
being sent to the login page, which would send them straight back (a redirect loop)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from library.models import PodcastShowPage
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A show in English and in Swedish (tests/world_support.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

HEADINGS = {
    "en": "This page is for a particular group",
    "sv": "Den här sidan är för en viss grupp",
}


def group_only_show(language):
    show = PodcastShowPage.objects.live().filter(locale__language_code=language).first()
    restriction = PageViewRestriction.objects.create(
        page=show, restriction_type=PageViewRestriction.GROUPS
    )
    group = Group.objects.create(name=f"Pilot listeners {language}")
    restriction.groups.add(group)
    return show, group


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_logged_in_outsider_is_told_the_page_is_for_a_group(employee_client, language):
    show, _group = group_only_show(language)
    response = employee_client.get(show.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert HEADINGS[language] in html
    assert show.title not in html


def test_a_member_still_sees_the_page(employee_client, employee):
    show, group = group_only_show("en")
    employee.groups.add(group)
    response = employee_client.get(show.url)
    assert response.status_code == 200
    assert show.title in response.content.decode()


def test_a_visitor_who_is_not_logged_in_still_goes_to_the_login_page(client):
    show, _group = group_only_show("en")
    response = client.get(show.url)
    assert response.status_code == 302
    assert "/login/?next=" in response["Location"]


def test_a_password_restriction_still_asks_for_the_password(employee_client):
    show = PodcastShowPage.objects.live().filter(locale__language_code="en").first()
    PageViewRestriction.objects.create(
        page=show, restriction_type=PageViewRestriction.PASSWORD, password="pilot"
    )
    response = employee_client.get(show.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
