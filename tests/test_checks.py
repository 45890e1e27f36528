"""Employees only, enforced: a public language root is flagged, and new ones are restricted."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page, PageViewRestriction

from cms.core.checks import check_locale_roots_require_login
from cms.core.factories import HomePageFactory


@pytest.mark.django_db
def test_no_warning_when_every_language_root_needs_a_login(site_tree):
    assert check_locale_roots_require_login(None) == []


@pytest.mark.django_db
def test_warns_about_a_public_language_root(site_tree):
    site_tree["sv"].view_restrictions.all().delete()

    warnings = check_locale_roots_require_login(None)

    assert [warning.id for warning in warnings] == ["core.W001"]
    assert "Swedish" in warnings[0].msg
    assert warnings[0].obj.pk == site_tree["sv"].pk


@pytest.mark.django_db
def test_the_check_runs_with_manage_py_check(site_tree, capsys):
    site_tree["fr"].view_restrictions.all().delete()
    call_command("check")
    assert "core.W001" in capsys.readouterr().err


@pytest.mark.django_db
def test_a_new_home_page_is_restricted_to_logged_in_users_on_commit(
    site_tree, django_capture_on_commit_callbacks
):
    site_tree["es"].delete()
    with django_capture_on_commit_callbacks(execute=True):
        home = HomePageFactory(
            parent=Page.get_first_root_node(),
            locale=Locale.objects.get(language_code="es"),
            slug="inicio",
        )

    restrictions = home.view_restrictions.all()
    assert [r.restriction_type for r in restrictions] == [PageViewRestriction.LOGIN]


@pytest.mark.django_db
def test_translating_a_home_page_leaves_one_restriction(
    site_tree, django_capture_on_commit_callbacks
):
    site_tree["fr"].delete()
    with django_capture_on_commit_callbacks(execute=True):
        french = site_tree["en"].copy_for_translation(Locale.objects.get(language_code="fr"))

    assert french.view_restrictions.count() == 1
