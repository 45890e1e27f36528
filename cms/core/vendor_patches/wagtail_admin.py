"""Wagtail admin internals the project patches or depends on (checked against Wagtail 8.0.1)."""

from django.conf import settings
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.models import Page, WorkflowMixin

from .record import NONE_FOUND, VendorPatch

# Names of the fields Wagtail's page editor posts when a reviewer presses a workflow action
# (wagtail/admin/views/pages/edit.py and the workflow action modal's JavaScript).
WORKFLOW_ACTION_BUTTON = "action-workflow-action"
WORKFLOW_ACTION_NAME = "workflow-action-name"
WORKFLOW_ACTION_EXTRA_DATA = "workflow-action-extra-data"


def fill_in_snippet_review_links():
    """Give `StatusSidePanel` the snippet's review links when whoever built it did not.

    wagtail-localize's translation editor builds the plain panel for a snippet without
    `revisions_compare_url_name` and `workflow_history_url`, which only Wagtail's own snippet
    views pass in; once the snippet is in review, the panel's workflow dialog reverses them
    and the editor cannot render. The links are found from the snippet's viewset."""
    from wagtail.admin.ui.side_panels import StatusSidePanel

    original = StatusSidePanel.get_context_data
    if getattr(original, "vendor_original", None):
        return

    def get_context_data(self, parent_context):
        context = original(self, parent_context)
        viewset = getattr(self.object, "snippet_viewset", None)
        if viewset is None or not isinstance(self.object, WorkflowMixin) or not self.object.pk:
            return context
        if not context.get("revisions_compare_url_name"):
            context["revisions_compare_url_name"] = viewset.get_url_name("revisions_compare")
        if not context.get("workflow_history_url"):
            context["workflow_history_url"] = reverse(
                viewset.get_url_name("workflow_history"), args=[quote(self.object.pk)]
            )
        return context

    get_context_data.vendor_original = original
    StatusSidePanel.get_context_data = get_context_data


class SourcePagesReadableAPIViewSet(PagesAdminAPIViewSet):
    """The admin API's page endpoint, letting holders of `source_readers_permission` read any
    default-language page by id.

    wagtail-localize's translation editor previews each page a block links to by fetching
    `/admin/api/main/pages/<id>/`; those links point at the source language's pages, outside
    a translator's own languages, for which Wagtail answers 404 and the preview reads "page
    undefined". Lists and actions stay as Wagtail limits them; editing is still refused by
    page permissions."""

    source_readers_permission = None

    def get_base_queryset(self):
        explorable = super().get_base_queryset()
        if self.action != "detail_view" or not (
            self.source_readers_permission
            and self.request.user.has_perm(self.source_readers_permission)
        ):
            return explorable
        from cms.core.access import visible_q

        # Source pages only as far as the site's rule lets this user see them (view restrictions).
        return Page.objects.filter(
            Q(pk__in=explorable.values("pk"))
            | (Q(locale__language_code=settings.LANGUAGE_CODE) & visible_q(self.request.user))
        )


PATCHES = (
    VendorPatch(
        name="status-panel-snippet-review-links",
        vendor="wagtail",
        relies_on="wagtail.admin.ui.side_panels.StatusSidePanel.get_context_data (replaced "
        "at start-up) and the context names revisions_compare_url_name / "
        "workflow_history_url read by wagtailadmin/workflows/workflow_status.html",
        lives_in="cms/core/vendor_patches/wagtail_admin.py: fill_in_snippet_review_links",
        works_around="The translation editor of a snippet translation under review could not "
        "render (NoReverseMatch): wagtail-localize builds the panel without the review links. "
        "See README, Known upstream issues.",
        upstream=(NONE_FOUND,),
        remove_when="wagtail-localize's edit_translation view passes the snippet viewset's "
        "revisions_compare_url_name and workflow_history_url to StatusSidePanel, or Wagtail's "
        "StatusSidePanel derives them itself for snippets.",
    ),
    VendorPatch(
        name="page-edit-workflow-action-fields",
        vendor="wagtail",
        relies_on="The POST field names of Wagtail's page editor workflow actions "
        f"({WORKFLOW_ACTION_BUTTON}, {WORKFLOW_ACTION_NAME}, {WORKFLOW_ACTION_EXTRA_DATA}) "
        "and the before_edit_page hook running before the edit view reads them",
        lives_in="cms/workflows/wagtail_hooks.py: refuse_incomplete_workflow_action",
        works_around="The review modal's answers (safe-messaging checklist, review-by date) "
        "reach Wagtail's edit view as JSON in a form field; the view saves the page form and a "
        "new revision first and only then parses the JSON (a malformed value raises "
        "JSONDecodeError) and hands it to the task, which refuses incomplete answers after the "
        "revision exists. The hook checks the answers against the task's form first.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail validates a workflow action's form data before the page form is "
        "saved (the project then relies on the task's own validation).",
    ),
    VendorPatch(
        name="admin-api-pages-endpoint",
        vendor="wagtail",
        relies_on="wagtail.admin.api.views.PagesAdminAPIViewSet.get_base_queryset, its "
        "`action` attribute, and the construct_admin_api hook replacing the 'pages' endpoint",
        lives_in="cms/core/vendor_patches/wagtail_admin.py: SourcePagesReadableAPIViewSet "
        "(registered in cms/workflows/wagtail_hooks.py via cms/workflows/admin_api.py)",
        works_around="Translators' link previews in wagtail-localize's editor read 'page "
        "undefined' for every source-language page they may not explore.",
        upstream=(
            "https://github.com/wagtail/wagtail-localize/issues/827 (related: the translation "
            "editor fetches admin API objects the user may not list, and breaks)",
        ),
        remove_when="wagtail-localize's editor no longer fetches linked pages through the "
        "permission-limited admin API (or Wagtail lets translators read source pages).",
    ),
    VendorPatch(
        name="status-workflow-template",
        vendor="wagtail",
        relies_on="Template wagtailadmin/shared/side_panels/includes/status/workflow.html "
        "and its {% block bottom %}",
        lives_in="cms/workflows/templates/wagtailadmin/shared/side_panels/includes/status/"
        "workflow.html (extends Wagtail's own template of the same name)",
        works_around="Not a bug: the Status panel shows the page's wellbeing sign-off (who, "
        "when, checklist, review-by date); Wagtail offers no hook to add a status section.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail offers a supported way to add a section to the Status side panel.",
    ),
    VendorPatch(
        name="direct-page-routing",
        vendor="wagtail",
        relies_on="wagtail.models.Page.route (one child lookup and one .specific query per "
        "level, then the final page's own route(request, []) checking `live`) and "
        "get_page_models() to learn that no page type below the home page overrides route",
        lives_in="cms/core/routing.py: DirectRoutingMixin (on HomePage)",
        works_around="Not a bug, a cost: an episode four levels down paid eight routing queries "
        "on every page-cache miss. The mixin finds the page by url_path in two queries and lets "
        "it route itself; it steps aside for any path Wagtail would route differently.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail routes a request in a fixed number of queries (e.g. by url_path) "
        "or the page cache's misses no longer matter.",
    ),
    VendorPatch(
        name="single-query-view-restrictions",
        vendor="wagtail",
        relies_on="wagtail.models.Page.get_view_restrictions (restrictions on the page and its "
        "ancestors, an alias checked as its source) as called by Wagtail's "
        "check_view_restrictions before serving; with the page cache on, Django 5.2's "
        "QuerySet._result_cache/_prefetch_done (the answer is a queryset filled from the "
        "frame cache, so iterating it costs no query)",
        lives_in="cms/core/routing.py: SingleQueryViewRestrictionsMixin (on BasePage)",
        works_around="Not a bug, a cost: Wagtail loads every ancestor's alias_of before asking "
        "for the restrictions (two or more queries per page view); one query gives the same set, "
        "and with the page cache on the frame answers it (none; password restrictions still "
        "read the row).",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail's get_view_restrictions answers in one query, or its semantics "
        "change (the vendor test then fails).",
    ),
    VendorPatch(
        name="site-and-active-locale-from-cache",
        vendor="wagtail",
        relies_on="Site.find_for_request memoising the site on request._wagtail_site (its "
        "docstring says so); Locale.get_active (a classmethod) asked by "
        "TranslatableMixin.localized_draft when Page.route_for_request starts at the site's "
        "root page",
        lives_in="cms/core/routing.py: CachedSiteMiddleware (settings MIDDLEWARE) and "
        "use_cached_active_locale (installed by vendor_patches.install)",
        works_around="Not a bug, a cost: every request paid a site query and a locale query "
        "before routing; both rarely change and are now read from the cache (the site with the "
        "page cache's frame, the locales with the locale cache both already invalidate).",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail caches the site and the active locale per process or request "
        "itself, or stops memoising on request._wagtail_site (the vendor test then fails).",
    ),
    VendorPatch(
        name="userbar-for-staff",
        vendor="wagtail",
        relies_on="wagtail.admin.templatetags.wagtailuserbar.wagtailuserbar(context, position), "
        "called as a function after our own admin-access check",
        lives_in="cms/core/templatetags/userbar_tags.py and cms/core/admin_access.py",
        works_around="Not a bug, a cost: Wagtail's tag asks has_perm('wagtailadmin.access_admin') "
        "of every visitor, two permission queries per page for employees who never see the bar.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail caches the admin-access answer or lets a project decide who gets "
        "the user bar without a permission query.",
    ),
    VendorPatch(
        name="editor-form-upload-script",
        vendor="wagtail",
        relies_on="The generic CreateView/EditView save_action() (returns the redirect, after "
        "adding the success message) and form_invalid(); the editor form's Stimulus values "
        "data-w-progress-loading-value (Save button, w-progress: its spinner) and "
        "data-w-unsaved-confirmation-value (form, w-unsaved: turned off on submit)",
        lives_in="library/wagtail_hooks.py: UploadScriptAnswerMixin; "
        "library/static/library/audio_upload.js: resetSaveButton",
        works_around="Not a bug: the audio form is sent by XHR for its progress bar. The view "
        "answers that request in JSON (where to go, or the form's errors), and after an error or "
        "a cancel the script stops the Save button's spinner and turns the leave-page warning "
        "back on, which Wagtail only does on a page load.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail's editor forms upload files with progress themselves, or these "
        "methods or values are renamed (the vendor test then fails).",
    ),
    VendorPatch(
        name="chooser-locale-parameter",
        vendor="wagtail",
        relies_on="The chooser modals' `locale` URL parameter, sent by ChooserModal.getURLParams "
        "from the page editor's ACTIVE_CONTENT_LOCALE (wagtail_config tag, set from the view's "
        "`locale` context) and kept on the page chooser's search form; the page chooser search "
        "view's URL name wagtailadmin_choose_page_search; SnippetViewSet.chooser_viewset_class",
        lives_in="cms/core/wagtail_hooks.py: filter_page_chooser_search (the "
        "construct_page_chooser_queryset hook); library/choosers.py: AudioChooserViewSet; "
        "cms/core/choosers.py explains the whole (issue #14)",
        works_around="The page chooser's search listed every language's pages while its browse "
        "listing opened in the edited page's; the audio chooser (audio is not translatable) "
        "could not put recordings in the page's language first. Both read the edited page's "
        "locale from the parameter Wagtail's chooser modals send.",
        upstream=(NONE_FOUND,),
        remove_when="Wagtail's page chooser search filters by the `locale` parameter itself "
        "(drop the hook); the audio ordering stays while the parameter is sent.",
    ),
)
