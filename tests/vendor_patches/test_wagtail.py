"""Wagtail behaviour the patches work around: workflow, admin API, templates, choosers."""

import inspect
import json
from pathlib import Path

import pytest
import wagtail.admin
from django.template.loader import get_template
from django.urls import resolve, reverse
from wagtail import hooks
from wagtail.models import Page

from cms.core.vendor_patches import wagtail_admin as wagtail_admin_patches
from cms.workflows import roles
from tests.translation_support import translated_listener_pages
from tests.vendor_patches.support import request_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener_pages(site_tree):
    """The listener's pages in English, translated to Swedish and German (wagtail-localize)."""
    return translated_listener_pages(site_tree, ["sv", "de"])


WAGTAIL_TEMPLATES = Path(wagtail.admin.__file__).parent / "templates"


def test_vendor_behaviour_status_panel_snippet_review_links(rf, role_users, listener_pages):
    """wagtail-localize builds the snippet's StatusSidePanel without the review links that
    Wagtail's workflow dialog reverses; the patch fills them in."""
    from wagtail.admin.ui.side_panels import StatusSidePanel
    from wagtail_localize.views import edit_translation

    from cms.support.models import Helpline

    assert "revisions_compare_url_name" not in inspect.getsource(edit_translation)
    assert (
        "{% url revisions_compare_url_name"
        in (WAGTAIL_TEMPLATES / "wagtailadmin/workflows/workflow_status.html").read_text()
    )

    helpline = Helpline.objects.filter(locale__language_code="sv").first()
    request = request_as(rf, role_users["Administrators"])
    # As wagtail_localize.views.edit_translation builds it for a snippet.
    panel = StatusSidePanel(
        helpline, request, locale=helpline.locale, translations=[], usage_url=None
    )
    vendor_context = StatusSidePanel.get_context_data.vendor_original(panel, {})
    assert not vendor_context.get("revisions_compare_url_name")
    assert not vendor_context.get("workflow_history_url")

    patched_context = panel.get_context_data({})
    assert patched_context["revisions_compare_url_name"] == (
        helpline.snippet_viewset.get_url_name("revisions_compare")
    )
    assert str(helpline.pk) in patched_context["workflow_history_url"]


def test_vendor_behaviour_page_edit_workflow_action_fields(client, role_users, site_tree):
    """Wagtail's page editor posts the workflow action in these fields, and saves a revision
    before it reads the modal's data (a malformed value then raises). Shown with Wagtail's own
    approval task, which the project's hook leaves alone."""
    from wagtail.admin.views.pages.edit import EditView
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from cms.core.factories import StandardPageFactory
    from tests.workflow_support import edit_form_data

    source = inspect.getsource(EditView)
    for field in (
        wagtail_admin_patches.WORKFLOW_ACTION_BUTTON,
        wagtail_admin_patches.WORKFLOW_ACTION_NAME,
        wagtail_admin_patches.WORKFLOW_ACTION_EXTRA_DATA,
    ):
        assert f'"{field}"' in source, field

    admin = role_users["Administrators"]
    page = StandardPageFactory(parent=site_tree["en"], title="Plain approval")
    page.save_revision().publish()
    task = GroupApprovalTask.objects.create(name="Plain approval")
    task.groups.set([role_users[roles.EDITORS].groups.first()])
    workflow = Workflow.objects.create(name="Plain approval only")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=page)
    workflow.start(page, admin)
    revisions = page.revisions.count()

    data = edit_form_data(page, admin)
    data.update(
        {
            "title": "Plain approval, edited",
            wagtail_admin_patches.WORKFLOW_ACTION_BUTTON: "1",
            wagtail_admin_patches.WORKFLOW_ACTION_NAME: "approve",
            wagtail_admin_patches.WORKFLOW_ACTION_EXTRA_DATA: "{not json",
        }
    )
    client.force_login(admin)
    with pytest.raises(json.JSONDecodeError):
        client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert page.revisions.count() == revisions + 1


def test_vendor_behaviour_admin_api_pages_endpoint(rf, role_users, listener_pages):
    """Wagtail's admin API lets a translator read only pages they may explore, so a source
    page their link previews need is missing; the project's endpoint answers the address."""
    from wagtail.admin.api.views import PagesAdminAPIViewSet

    from cms.workflows.admin_api import TranslatorReadablePagesAPIViewSet

    english_page = Page.objects.filter(locale__language_code="en", depth__gt=2).first()
    vendor_view = PagesAdminAPIViewSet()
    vendor_view.request = request_as(rf, role_users[roles.TRANSLATORS])
    vendor_view.action = "detail_view"
    assert not vendor_view.get_base_queryset().filter(pk=english_page.pk).exists()

    project_view = TranslatorReadablePagesAPIViewSet()
    project_view.request, project_view.action = vendor_view.request, "detail_view"
    assert project_view.get_base_queryset().filter(pk=english_page.pk).exists()

    endpoint = resolve(f"/admin/api/main/pages/{english_page.pk}/").func
    assert endpoint.cls is TranslatorReadablePagesAPIViewSet


def test_vendor_behaviour_status_workflow_template():
    name = "wagtailadmin/shared/side_panels/includes/status/workflow.html"
    vendor_template = (WAGTAIL_TEMPLATES / name).read_text()
    assert "{% block bottom %}" in vendor_template
    project_template = get_template(name)
    assert "cms/workflows/templates" in project_template.origin.name
    assert f'{{% extends "{name}" %}}' in project_template.template.source


def test_vendor_behaviour_editor_form_upload_script():
    from wagtail.admin.views.generic.models import CreateView, EditView

    for view in (CreateView, EditView):
        assert "return redirect(self.get_success_url())" in inspect.getsource(view.save_action)
        assert "form_invalid" in view.__dict__
    form_template = (WAGTAIL_TEMPLATES / "wagtailadmin/generic/form.html").read_text()
    assert 'data-w-unsaved-confirmation-value="true"' in form_template
    assert "w-unsaved#submit" in form_template
    assert 'data-controller="w-progress' in form_template
    core_js = (Path(wagtail.admin.__file__).parent / "static/wagtailadmin/js/core.js").read_text()
    assert "loadingValueChanged(e){" in core_js  # w-progress follows its loading value
    assert "submit(){this.confirmationValue=!1" in core_js  # w-unsaved turns itself off


def test_vendor_behaviour_workflow_state_submission_save(site_tree, role_users):
    from django.db.models.signals import post_save
    from wagtail.models import WorkflowState

    from cms.core.factories import StandardPageFactory

    seen = []

    def record(sender, instance, **kwargs):
        seen.append((instance.status, instance.current_task_state_id))

    page = StandardPageFactory(parent=site_tree["en"], title="Submission moments", live=False)
    page.save_revision()
    user = role_users["Editors"]
    post_save.connect(record, sender=WorkflowState, dispatch_uid="vendor-test-submission")
    try:
        state = page.get_workflow().start(page, user)
        started = list(seen)
        state.current_task_state.reject(user=role_users["Administrators"], comment="Again.")
        seen.clear()
        state.refresh_from_db()
        state.resume(user)
        resumed = list(seen)
    finally:
        post_save.disconnect(dispatch_uid="vendor-test-submission", sender=WorkflowState)
    for saves in (started, resumed):
        assert saves[0] == (WorkflowState.STATUS_IN_PROGRESS, None)
        assert all(task_state is not None for _status, task_state in saves[1:])


def test_vendor_behaviour_chooser_locale_parameter(client, role_users, listener_pages):
    """The page editor tells chooser modals its locale (ACTIVE_CONTENT_LOCALE, sent as
    `locale`), the snippet chooser filters by it, and the page chooser's search does not
    (filter_page_chooser_search does it); when Wagtail's search filters itself, the hook can go."""
    import re

    from cms.core import wagtail_hooks as core_hooks
    from library.models import EpisodePage

    client.force_login(role_users["Administrators"])
    # (A translation opens wagtail-localize's editor instead; a source page the page editor.)
    english_episode = EpisodePage.objects.filter(locale__language_code="en").first()
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[english_episode.pk]))
    assert '"ACTIVE_CONTENT_LOCALE": "en"' in editor.content.decode()
    chooser_js = (
        Path(wagtail.admin.__file__).parent / "static" / "wagtailadmin" / "js" / "vendor.js"
    ).read_text()
    assert ".ACTIVE_CONTENT_LOCALE&&(t.locale=" in chooser_js

    topics = client.get(
        reverse("wagtailsnippetchoosers_core_topic:choose_results"), {"locale": "sv"}
    ).content.decode()
    names = re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<", topics)
    assert "Sömn" in names and "Sleep" not in names and "Schlaf" not in names

    search = reverse("wagtailadmin_choose_page_search")
    assert resolve(search).url_name == core_hooks.PAGE_CHOOSER_SEARCH_URL_NAME
    swedish_title = listener_pages["sv"].episode.title  # "Vila är ingen belöning: …"
    params = {"q": "Vila är ingen", "page_type": "library.episodepage", "locale": "en"}
    assert swedish_title not in client.get(search, params).content.decode()
    registered = hooks._hooks["construct_page_chooser_queryset"]
    saved = list(registered)
    registered[:] = [e for e in registered if e[0] is not core_hooks.filter_page_chooser_search]
    try:
        unhooked = client.get(search, params).content.decode()
    finally:
        registered[:] = saved
    assert swedish_title in unhooked, "Wagtail's search now filters by locale: drop the hook"
