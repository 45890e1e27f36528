"""Every language and page type goes through review; the system checks say when one does not."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page

from cms.core.factories import StandardPageFactory
from cms.workflows import roles

pytestmark = pytest.mark.django_db


def test_every_language_and_page_type_is_covered_by_the_workflow(site_tree):
    StandardPageFactory(parent=site_tree["sv"], title="Om programmet")
    for page in Page.objects.filter(depth__gt=1).specific():
        workflow = page.get_workflow()
        assert workflow is not None, page
        assert workflow.name == roles.WORKFLOW_NAME


def test_a_new_language_root_is_covered_and_open_to_translators(
    site_tree, django_capture_on_commit_callbacks
):
    from wagtail.models import GroupPagePermission

    from cms.core.models import HomePage

    site_tree["de"].delete()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    german = HomePage.objects.get(locale__language_code="de")
    assert german.workflowpage.workflow.name == roles.WORKFLOW_NAME
    assert set(
        GroupPagePermission.objects.filter(page=german, group__name=roles.TRANSLATORS).values_list(
            "permission__codename", flat=True
        )
    ) == set(roles.TRANSLATOR_PAGE_PERMISSIONS)


def test_system_checks_catch_an_unreviewed_language_or_a_publishing_group(site_tree):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, WorkflowPage

    from cms.workflows.checks import check_every_language_is_reviewed

    assert check_every_language_is_reviewed(None) == []

    WorkflowPage.objects.filter(page__depth__in=[1, 2]).exclude(page=site_tree["en"]).delete()
    GroupPagePermission.objects.create(
        group=Group.objects.get(name=roles.EDITORS),
        page=site_tree["en"],
        permission=Permission.objects.get(codename="publish_page"),
    )
    ids = sorted(warning.id for warning in check_every_language_is_reviewed(None))
    assert ids == ["workflows.W001"] * 5 + ["workflows.W002"]
