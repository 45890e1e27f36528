"""The vendor patches (cms/core/vendor_patches): one test per patch that fails when the vendor
behaviour it works around is gone or has changed, so an upgrade shows which patches can go
and which must be rewritten; and the system check that makes an upgrade ask for this run."""

import inspect
import json
import sys
from pathlib import Path

import pytest
import wagtail.admin
import wagtail_localize
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.checks import Warning
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from wagtail import hooks
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import Translation, TranslationSource

from cms.core import vendor_patches
from cms.core.checks import check_vendor_versions_match_patches
from cms.core.vendor_patches import localize as localize_patches
from cms.core.vendor_patches import wagtail_admin as wagtail_admin_patches
from cms.workflows import roles

pytestmark = pytest.mark.django_db

PATCHES = {patch.name: patch for patch in vendor_patches.all_patches()}
WAGTAIL_TEMPLATES = Path(wagtail.admin.__file__).parent / "templates"
LOCALIZE_TEMPLATES = Path(wagtail_localize.__file__).parent / "templates"


def vendor_test_name(patch_name):
    return "test_vendor_behaviour_" + patch_name.replace("-", "_")


def request_as(rf, user, method="get", path="/", data=None):
    request = getattr(rf, method)(path, data or {})
    request.user = user
    request._messages = CookieStorage(request)  # wagtail-localize's views add messages
    return request


def swedish_translation_of(page):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="sv"
    )


# The registry and the version check


def test_every_patch_is_recorded_completely_and_has_its_own_test():
    module = sys.modules[__name__]
    assert len(PATCHES) == len(vendor_patches.all_patches()), "patch names must be unique"
    for patch in PATCHES.values():
        assert patch.vendor in vendor_patches.CHECKED_AGAINST
        assert patch.checked_against == vendor_patches.CHECKED_AGAINST[patch.vendor]
        assert all([patch.relies_on, patch.lives_in, patch.works_around, patch.remove_when])
        assert patch.upstream
        for thread in patch.upstream:
            assert thread.startswith(("https://github.com/", vendor_patches.NONE_FOUND))
        assert callable(getattr(module, vendor_test_name(patch.name), None)), patch.name


def test_the_installed_vendors_are_the_versions_the_patches_were_checked_against():
    assert check_vendor_versions_match_patches(None) == []


def test_an_upgraded_vendor_fails_the_check_until_its_patches_are_looked_at(monkeypatch):
    monkeypatch.setitem(vendor_patches.CHECKED_AGAINST, "wagtail-localize", "1.13.0")

    warnings = check_vendor_versions_match_patches(None)

    assert [(type(w), w.id) for w in warnings] == [(Warning, "core.W002")]
    assert "wagtail-localize 1.14.5 is installed" in warnings[0].msg
    assert "checked against 1.13.0" in warnings[0].msg
    assert "po-upload-url" in warnings[0].msg and "status-panel" not in warnings[0].msg
    # CI runs `manage.py check --fail-level WARNING`.
    with pytest.raises(SystemCheckError, match=r"core\.W002"):
        call_command("check", fail_level="WARNING")


def test_a_vendor_that_is_not_installed_fails_the_check(monkeypatch):
    monkeypatch.setitem(vendor_patches.CHECKED_AGAINST, "not-a-real-distribution", "1.0")
    warnings = check_vendor_versions_match_patches(None)
    assert [w.id for w in warnings] == ["core.W002"]
    assert "not-a-real-distribution (not installed)" in warnings[0].msg


# Wagtail


def test_vendor_behaviour_status_panel_snippet_review_links(rf, role_users):
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


def test_vendor_behaviour_admin_api_pages_endpoint(rf, role_users):
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


# wagtail-localize


def test_vendor_behaviour_draft_translation_keeps_live_row():
    """Unwrapped, wagtail-localize's draft save writes into a live translation's row."""
    from campaigns.models import CampaignPage

    english = CampaignPage.objects.get(locale__language_code="en", slug="lets-talk-about-burnout")
    swedish = english.get_translation(swedish_translation_of(english).target_locale)
    english.introduction = "Wording that has not been reviewed in Swedish."
    english.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(english)

    vendor_method = TranslationSource.create_or_update_translation.__wrapped__
    vendor_method(source, swedish.locale, publish=False, fallback=True)

    swedish = CampaignPage.objects.get(pk=swedish.pk)
    assert swedish.introduction == "Wording that has not been reviewed in Swedish."
    assert TranslationSource.create_or_update_translation.keeps_live_rows


def test_vendor_behaviour_po_upload_url(rf, role_users, site_tree):
    """wagtail-localize's upload raises KeyError without a file or without the header; the
    project's guard answers its address."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    translation = swedish_translation_of(site_tree["en"])
    admin = role_users["Administrators"]
    with pytest.raises(KeyError):
        localize_patches.upload_pofile(request_as(rf, admin, "post"), translation.pk)
    headerless = SimpleUploadedFile(
        "sv.po", b'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\nmsgid "Hello"\nmsgstr "Hej"\n'
    )
    with pytest.raises(KeyError, match="X-WagtailLocalize-TranslationID"):
        localize_patches.upload_pofile(
            request_as(rf, admin, "post", data={"file": headerless}), translation.pk
        )

    address = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    assert address == reverse("checked_upload_pofile", args=[translation.pk])
    assert resolve(address).url_name == "checked_upload_pofile"


def test_vendor_behaviour_snippet_submit_url():
    """wagtail-localize checks only submit_translation before translating a snippet, and
    publishes a translation of a snippet without drafts."""
    from wagtail_localize import operations
    from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView

    dispatch = inspect.getsource(SubmitSnippetTranslationView.dispatch)
    assert '"wagtail_localize.submit_translation"' in dispatch
    assert "add_" not in dispatch and "publish" not in dispatch
    creator = inspect.getsource(operations.TranslationCreator.create_translations)
    assert "publish = not isinstance(instance, DraftStateMixin)" in creator

    args = ["support", "helpline", 1]
    address = reverse("wagtail_localize:submit_snippet_translation", args=args)
    assert address == reverse("workflows_submit_snippet_translation", args=args)
    assert resolve(address).func.view_class is localize_patches.ReviewedSubmitSnippetTranslationView


def test_vendor_behaviour_convert_to_alias_url(rf, role_users, site_tree):
    """wagtail-localize lets anyone who may edit a translation turn it into an alias of its
    source (published); the project's view answers its address and hides its menu item."""
    from wagtail_localize.wagtail_hooks import ConvertToAliasPageActionMenuItem

    swedish, english = site_tree["sv"], site_tree["en"]
    translator = role_users[roles.TRANSLATORS]
    assert swedish.permissions_for_user(translator).can_edit()
    assert not swedish.permissions_for_user(translator).can_publish()

    request = request_as(rf, translator, "post")
    response = localize_patches.convert_to_alias(request, swedish.pk)

    assert response.status_code == 302
    swedish.refresh_from_db()
    assert swedish.alias_of_id == english.pk

    assert ConvertToAliasPageActionMenuItem.name == localize_patches.CONVERT_TO_ALIAS_MENU_ITEM
    address = reverse("wagtail_localize:convert_to_alias", args=[swedish.pk])
    assert address == reverse("workflows_convert_to_alias", args=[swedish.pk])
    assert resolve(address).url_name == "workflows_convert_to_alias"


def test_vendor_behaviour_update_translations_url(
    rf, role_users, site_tree, django_capture_on_commit_callbacks
):
    """wagtail-localize's "Sync translated pages" publishes for anyone who may submit
    translations; the project's subclass answers its address."""
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    translation = swedish_translation_of(site_tree["en"])
    swedish = site_tree["sv"]
    translator = role_users[roles.TRANSLATORS]
    assert not swedish.permissions_for_user(translator).can_publish()
    before = swedish.live_revision_id

    request = request_as(rf, translator, "post", data={"publish_translations": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = UpdateTranslationsView.as_view()(
            request, translation_source_id=translation.source_id
        )

    assert response.status_code == 302
    swedish.refresh_from_db()
    assert swedish.live_revision_id != before

    address = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    assert address == reverse("workflows_update_translations", args=[translation.source_id])
    assert resolve(address).func.view_class is localize_patches.ReviewedUpdateTranslationsView


def test_vendor_behaviour_untranslated_segment_paths():
    """Segment context paths are the field name, or '<field>.<block id>…' for StreamField
    blocks; SourceLanguageParts splits them that way."""
    from wagtail_localize.models import StringSegment

    from campaigns.models import CampaignPage

    english = CampaignPage.objects.get(locale__language_code="en", slug="lets-talk-about-burnout")
    source = TranslationSource.objects.get_for_instance(english)
    paths = set(StringSegment.objects.filter(source=source).values_list("context__path", flat=True))
    assert {"title", "introduction"} <= paths
    block_ids = {block.id for block in english.body}
    body_paths = [path.split(".") for path in paths if path.startswith("body.")]
    assert body_paths
    assert all(parts[1] in block_ids for parts in body_paths)


def test_vendor_behaviour_edit_translation_template():
    """The override extends wagtail-localize's template through its content block; the
    editor's alias link has the address the override hides; and wagtail-localize's edit hooks
    serve the editor after the project's hooks have seen the POST."""
    from wagtail_localize.views import edit_translation

    name = "wagtail_localize/admin/edit_translation.html"
    assert "{% block content %}" in (LOCALIZE_TEMPLATES / name).read_text()
    project_template = get_template(name)
    assert "cms/workflows/templates" in project_template.origin.name
    assert '"wagtail_localize:convert_to_alias"' in inspect.getsource(edit_translation)
    assert "/convert_to_alias/" in reverse("wagtail_localize:convert_to_alias", args=[1])

    for hook_name, ours in (
        ("before_edit_page", "review_hooks_on_page_edit"),
        ("before_edit_snippet", "translators_edit_only_other_languages"),
    ):
        order = [(fn.__module__, fn.__name__) for fn in hooks.get_hooks(hook_name)]
        vendor = ("wagtail_localize.wagtail_hooks", hook_name)
        assert vendor in order
        assert order.index(("cms.workflows.wagtail_hooks", ours)) < order.index(vendor)


# modelsearch


def test_vendor_behaviour_sqlite_one_pass_ranking():
    """modelsearch's SQLite backend scores matches with a second full-text match per row;
    the project's backend builds on the private parts named here."""
    if connection.vendor != "sqlite":
        pytest.skip("modelsearch's SQLite backend exists only on SQLite")
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize  # noqa: F401
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,  # noqa: F401
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )
    from wagtail.search.backends import get_search_backend

    from search.backends.sqlite import OnePassSQLiteSearchBackend

    for attribute in ("_build_rank_expression", "get_search_vectors", "build_search_query"):
        assert callable(getattr(SQLiteSearchQueryCompiler, attribute)), attribute
    assert SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS == ["title", "body"]
    assert "config" in inspect.signature(SQLiteSearchQueryCompiler.build_search_query).parameters
    for attribute in ("_do_search", "_do_count", "get_queryset"):
        assert callable(getattr(SQLiteSearchResults, attribute)), attribute

    assert type(get_search_backend()) is OnePassSQLiteSearchBackend
    vendor_results = SQLiteSearchBackend({}).search("anxiety", Page)
    assert vendor_results._score_field is None
    vendor_sql = str(vendor_results.get_queryset().query)
    assert vendor_sql.count(" MATCH ") >= 2, vendor_sql


def test_vendor_behaviour_postgres_language_configs():
    """modelsearch's PostgreSQL backend has one text-search configuration, read from the
    backend's `config` by its indexer and its queries; the project's backend swaps it."""
    from modelsearch.backends.database.postgres import postgres

    backend = postgres.PostgresSearchBackend({"SEARCH_CONFIG": "swedish"})
    assert backend.config == "swedish"
    assert "self.config = backend.config" in inspect.getsource(postgres.ObjectIndexer.__init__)
    assert callable(postgres.PostgresIndex.add_items)
    parameters = inspect.signature(
        postgres.PostgresSearchQueryCompiler.build_tsquery_content
    ).parameters
    assert list(parameters) == ["self", "query", "config", "invert"]
    get_config = inspect.getsource(postgres.PostgresSearchQueryCompiler.get_config)
    assert "backend.config" in get_config

    if connection.vendor == "postgresql":
        from wagtail.search.backends import get_search_backend

        from search.backends.postgres import MultilingualPostgresSearchBackend

        assert type(get_search_backend()) is MultilingualPostgresSearchBackend


# Wagtail: the query diet (cms/core/routing.py, cms/core/templatetags/userbar_tags.py)


def test_vendor_behaviour_direct_page_routing(rf, site_tree):
    from django.http import Http404

    from cms.core.models import HomePage
    from cms.core.routing import _pages_route_like_wagtail

    # Wagtail still routes one level at a time, and no page type below a home page has routes
    # of its own (otherwise the mixin steps aside and this patch does nothing).
    assert "self.get_children().get(slug=child_slug)" in inspect.getsource(Page.route)
    assert _pages_route_like_wagtail(HomePage)
    request = rf.get("/")
    for home in site_tree.values():
        for page in home.get_descendants().live():
            components = page.url_path[len(home.url_path) :].strip("/").split("/")
            ours = home.route(request, components)
            wagtails = Page.route(home, request, components)
            assert ours.page.pk == wagtails.page.pk == page.pk, page.url_path
            assert type(ours.page) is type(wagtails.page)
        for missing in (["no-such-page"], [*components[:-1], "no-such-page"]):
            with pytest.raises(Http404):
                home.route(request, missing)


def test_vendor_behaviour_site_and_active_locale_from_cache(rf, site_tree, settings):
    from django.core.cache import cache
    from django.utils import translation
    from wagtail.models import Locale, Site
    from wagtail.views import serve

    from cms.core.routing import CachedSiteMiddleware

    # Wagtail still memoises the request's site where the middleware puts it...
    request = rf.get("/en/")
    marker = object()
    request._wagtail_site = marker
    assert Site.find_for_request(request) is marker
    # ...and the middleware's site is the one Wagtail finds, from the cache on the next request.
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    try:
        middleware = CachedSiteMiddleware(lambda request: None)
        first = rf.get("/en/")
        middleware.process_view(first, serve, (), {})
        second = rf.get("/en/")
        with CaptureQueriesContext(connection) as queries:
            middleware.process_view(second, serve, (), {})
        assert len(queries) == 0
        # Wagtail's page view is still the one pages are served by.
        assert resolve("/en/").func is serve
        assert second._wagtail_site.pk == Site.find_for_request(rf.get("/en/")).pk
        assert second._wagtail_site.root_page.pk == first._wagtail_site.root_page.pk
    finally:
        cache.clear()
    # Routing from the site's root still asks Locale.get_active(), which is ours and gives
    # Wagtail's answer (its own query) for every language, without a query once cached.
    assert "Locale.get_active()" in inspect.getsource(TranslatableMixin.localized_draft.fget)
    original = Locale.get_active.__func__.vendor_original
    for code in [language for language, _name in settings.WAGTAIL_CONTENT_LANGUAGES]:
        with translation.override(code):
            Locale.get_active()
            with CaptureQueriesContext(connection) as queries:
                ours = Locale.get_active()
            assert ours == original(Locale) and len(queries) == 0, code


def test_vendor_behaviour_single_query_view_restrictions(site_tree, role_users):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    source = inspect.getsource(Page.get_view_restrictions)
    assert "alias_of" in source and "get_ancestors" in source
    # A group restriction on one section and a password on a page below it, beside the
    # home pages' logged-in restriction: every page's set must be Wagtail's set.
    section = site_tree["en"].get_children().first()
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=roles.EDITORS))
    child = section.get_children().first()
    if child is not None:
        PageViewRestriction.objects.create(
            page=child, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    for page in Page.objects.filter(depth__gt=1).specific():
        ours = set(page.get_view_restrictions().values_list("pk", flat=True))
        wagtails = set(Page.get_view_restrictions(page).values_list("pk", flat=True))
        assert ours == wagtails, page.url_path


def test_vendor_behaviour_userbar_for_staff():
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    from cms.core.admin_access import ADMIN_ACCESS_PERMISSION

    assert list(inspect.signature(wagtailuserbar).parameters) == ["context", "position"]
    assert f'user.has_perm("{ADMIN_ACCESS_PERMISSION}")' in inspect.getsource(wagtailuserbar)


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


def test_vendor_behaviour_chooser_locale_parameter(client, role_users, site_tree):
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
    params = {"q": "Därför pratar", "page_type": "library.episodepage", "locale": "en"}
    assert "Därför pratar" not in client.get(search, params).content.decode()
    registered = hooks._hooks["construct_page_chooser_queryset"]
    saved = list(registered)
    registered[:] = [e for e in registered if e[0] is not core_hooks.filter_page_chooser_search]
    try:
        unhooked = client.get(search, params).content.decode()
    finally:
        registered[:] = saved
    assert "Därför pratar" in unhooked, "Wagtail's search now filters by locale: drop the hook"
