import json

from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.core.vendor_patches import localize as wagtail_localize_patches
from cms.core.vendor_patches import wagtail_admin as wagtail_admin_patches

from . import roles, views
from .admin_api import TranslatorReadablePagesAPIViewSet
from .forms import RequestChangesForm, WellbeingApprovalForm
from .models import EditorialReviewTask, WellbeingReviewTask

SUBMIT_TRANSLATION_FIELD = "workflows-submit-translation"


@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    report_urls = [
        path("", views.ContentDueForReviewView.as_view(), name="due_for_review"),
        path(
            "results/",
            views.ContentDueForReviewView.as_view(results_only=True),
            name="due_for_review_results",
        ),
    ]
    return [
        path("reports/due-for-review/", include((report_urls, "workflows"), namespace="workflows")),
        # wagtail-localize's own addresses, registered first (order=-1) so these guarded
        # views answer them: vendor patches snippet-submit-url, convert-to-alias-url and
        # update-translations-url (cms.core.vendor_patches.localize).
        path(
            wagtail_localize_patches.SUBMIT_SNIPPET_TRANSLATION_PATH,
            wagtail_localize_patches.ReviewedSubmitSnippetTranslationView.as_view(),
            name="workflows_submit_snippet_translation",
        ),
        path(
            wagtail_localize_patches.CONVERT_TO_ALIAS_PATH,
            views.convert_to_alias_if_publisher,
            name="workflows_convert_to_alias",
        ),
        path(
            wagtail_localize_patches.UPDATE_TRANSLATIONS_PATH,
            wagtail_localize_patches.ReviewedUpdateTranslationsView.as_view(),
            name="workflows_update_translations",
        ),
    ]


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias_from_non_publishers(menu_items, request, context):
    page = context.get("page")
    if page is None or views.may_convert_to_alias(request.user, page):
        return
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != wagtail_localize_patches.CONVERT_TO_ALIAS_MENU_ITEM
    ]


@hooks.register("construct_admin_api")
def let_translators_preview_source_pages(router):
    router.register_endpoint("pages", TranslatorReadablePagesAPIViewSet)


class DueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_due_for_review_menu_item():
    return DueForReviewMenuItem(
        gettext_lazy("Content due for review"),
        reverse("workflows:due_for_review"),
        name="content-due-for-review",
        icon_name="time",
        order=1050,
    )


# order=-1: before wagtail-localize's own before_edit_page hook, which answers every request
# for a translated page with its translation editor (vendor patch edit-translation-template).
@hooks.register("before_edit_page", order=-1)
def review_hooks_on_page_edit(request, page):
    if request.method != "POST":
        return None
    if SUBMIT_TRANSLATION_FIELD in request.POST:
        return views.submit_translation_for_review(request, page)
    if request.POST.get(wagtail_admin_patches.WORKFLOW_ACTION_BUTTON):
        return refuse_incomplete_workflow_action(request, page)
    return None


def refuse_incomplete_workflow_action(request, page):
    """The editor passes a review modal's answers through the browser, and Wagtail saves the
    page before it reads them (vendor patch page-edit-workflow-action-fields): check them
    first, so a tampered or incomplete approval changes nothing."""
    task = page.current_workflow_task
    if not isinstance(task, EditorialReviewTask | WellbeingReviewTask):
        return None
    action = request.POST.get(wagtail_admin_patches.WORKFLOW_ACTION_NAME, "")
    try:
        data = json.loads(
            request.POST.get(wagtail_admin_patches.WORKFLOW_ACTION_EXTRA_DATA) or "{}"
        )
    except ValueError:
        data = None
    form_class = task.get_form_for_action(action)
    if isinstance(data, dict) and (form_class is None or form_class(data=data).is_valid()):
        if isinstance(task, WellbeingReviewTask) and action == "approve":
            return refuse_approval_with_findings(request, page)
        return None
    messages.error(
        request,
        _("The review was not recorded: its form was incomplete. Nothing was saved; try again."),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_approval_with_findings(request, page):
    """Before Wagtail saves anything: an approval the safe-messaging rules refuse (unanswered
    high-severity findings, no route to help on a page about suicide or self-harm)."""
    from cms.safety.review import approval_blockers

    from .companions import approval_blockers as companion_blockers

    task_state = page.current_workflow_task_state
    blockers = approval_blockers(page.specific, task_state.specific) if task_state else []
    if task_state is not None:
        # What goes live with the page (its draft transcript) must be publishable too.
        blockers += companion_blockers(task_state.workflow_state)
    if not blockers:
        return None
    for reason in blockers:
        messages.error(request, reason)
    return redirect("wagtailadmin_pages:edit", page.pk)


class ReviewDashboardPanel(Component):
    """For reviewers: how many reviews wait for them, and how much live content is overdue."""

    name = "wellbeing_review_summary"
    template_name = "workflows/dashboard_panel.html"
    order = 215

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        # The dashboard's "Awaiting your review" panel opens the review modals in place, but
        # Wagtail loads no task form's media there: without this the approval's date chooser
        # runs its inline initDateChooser() before date-time-chooser.js is on the page.
        return WellbeingApprovalForm().media + RequestChangesForm().media

    def get_context_data(self, parent_context):
        user = self.request.user
        pending = (
            TaskState.objects.reviewable_by(user)
            .select_related("task")
            .values_list("task__name", flat=True)
        )
        counts = {}
        for name in pending:
            counts[name] = counts.get(name, 0) + 1
        return {
            "pending_by_step": sorted(counts.items()),
            "pending_total": sum(counts.values()),
            "due_count": views.pages_due_for_review().count(),
            "report_url": reverse("workflows:due_for_review"),
        }


@hooks.register("construct_homepage_panels")
def add_review_dashboard_panel(request, panels):
    if (
        WellbeingReviewTask.objects.filter(
            active=True, groups__in=request.user.groups.all()
        ).exists()
        or EditorialReviewTask.objects.filter(
            active=True, groups__in=request.user.groups.all()
        ).exists()
        or request.user.is_superuser
    ):
        panels.append(ReviewDashboardPanel(request))


def is_only_a_translator(user):
    if user.is_superuser:
        return False
    names = {group.name for group in user.groups.all()}
    return roles.TRANSLATORS in names and not names & {roles.EDITORS, roles.WELLBEING_REVIEWERS}


# order=-1: before wagtail-localize's before_edit_snippet hook, which answers with its
# translation editor (whose "Submit translation for review" form posts here).
@hooks.register("before_edit_snippet", order=-1)
def translators_edit_only_other_languages(request, instance):
    """Wagtail's snippet permissions cannot tell languages apart: keep translators off the
    default language's snippets, which are the sources they translate from."""
    locale = getattr(instance, "locale", None)
    if (
        locale is not None
        and roles.is_default_locale(locale.language_code)
        and is_only_a_translator(request.user)
    ):
        return permission_denied(request)
    if request.method == "POST" and SUBMIT_TRANSLATION_FIELD in request.POST:
        return views.submit_snippet_translation_for_review(request, instance)
    return None


@hooks.register("before_edit_snippet")
def keep_companions_as_reviewed(request, instance):
    """A snippet in a page's review (an episode's draft transcript) stays as its reviewers see
    it: what their approval publishes is the revision sent with the page. It can be changed
    again once a reviewer requests changes (then the page is submitted again with it)."""
    # Snippets without revisions (audio files) never ride with a page's review.
    if request.method != "POST" or not hasattr(instance, "get_base_content_type"):
        return None
    from .companions import riding_with

    page = riding_with(instance)
    if page is None:
        return None
    messages.error(
        request,
        _(
            "“%(title)s” is in review with “%(page)s”, so it cannot be changed now. It can be "
            "changed when a reviewer requests changes, or after the review."
        )
        % {"title": str(instance), "page": page.get_admin_display_title()},
    )
    return redirect(instance.snippet_viewset.get_url_name("edit"), instance.pk)
