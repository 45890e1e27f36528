import django_filters
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import DraftStateMixin, Page, TaskState, WorkflowState
from wagtail_localize.models import Translation

from cms.core.vendor_patches import localize as wagtail_localize_patches

from .models import WellbeingReviewTaskState


def with_sign_off(pages):
    """Annotate pages with their latest wellbeing sign-off: review-by date, when, by whom."""
    sign_offs = WellbeingReviewTaskState.objects.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=TaskState.STATUS_APPROVED,
    ).order_by("-finished_at", "-pk")
    return pages.annotate(
        review_by=Subquery(sign_offs.values("review_by")[:1]),
        signed_off_at=Subquery(sign_offs.values("finished_at")[:1]),
        signed_off_by_id=Subquery(sign_offs.values("finished_by")[:1]),
    )


def pages_due_for_review(today=None, include_never_signed_off=False):
    today = today or timezone.localdate()
    pages = with_sign_off(Page.objects.live().filter(depth__gt=1))
    due = pages.filter(review_by__lt=today)
    if include_never_signed_off:
        due = due | pages.filter(review_by__isnull=True)
    return due


class DueForReviewFilterSet(WagtailFilterSet):
    never_signed_off = django_filters.BooleanFilter(
        label=gettext_lazy("Include pages never signed off"),
        method="filter_never_signed_off",
        widget=django_filters.widgets.BooleanWidget,
    )

    def filter_never_signed_off(self, queryset, name, value):
        # Applied in the view's get_queryset; the filter only carries the choice.
        return queryset

    class Meta:
        model = Page
        fields = []


class ContentDueForReviewView(PageReportView):
    """Live pages whose wellbeing review-by date has passed, oldest first."""

    page_title = gettext_lazy("Content due for review")
    header_icon = "time"
    index_url_name = "workflows:due_for_review"
    index_results_url_name = "workflows:due_for_review_results"
    results_template_name = "workflows/due_for_review_results.html"
    filterset_class = DueForReviewFilterSet
    any_permission_required = ["add", "change", "publish"]
    list_export = ["title", "url_path", "locale", "review_by", "signed_off_at", "signed_off_by"]
    export_headings = {
        "title": gettext_lazy("Title"),
        "url_path": gettext_lazy("Path"),
        "locale": gettext_lazy("Language"),
        "review_by": gettext_lazy("Review by"),
        "signed_off_at": gettext_lazy("Signed off at"),
        "signed_off_by": gettext_lazy("Signed off by"),
    }

    def get_queryset(self):
        include_never = self.request.GET.get("never_signed_off") in ("true", "1", "on")
        editable = Page.objects.filter(
            pk__in=self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["add", "change", "publish"]
            ).values("pk")
        )
        self.queryset = (
            pages_due_for_review(include_never_signed_off=include_never)
            .filter(pk__in=editable.values("pk"))
            .select_related("locale", "content_type")
            .order_by("review_by", "path")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.in_bulk(
            {page.signed_off_by_id for page in object_list if page.signed_off_by_id}
        )
        for page in object_list:
            user = users.get(page.signed_off_by_id)
            page.signed_off_by = user.get_full_name() or user.get_username() if user else ""
        return object_list

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["locale"] = item.locale.language_code
        return row


def may_convert_to_alias(user, page):
    return page.permissions_for_user(user).can_publish()


def convert_to_alias_if_publisher(request, page_id):
    """wagtail-localize's "Convert to alias page" replaces a translation with its source
    page's latest revision (publishing it when the page is live) and deletes the translation
    record: the translator's work is gone and source-language content goes live without
    review. Only someone who may publish the page may do that."""
    page = get_object_or_404(Page, pk=page_id)
    if may_convert_to_alias(request.user, page):
        return wagtail_localize_patches.convert_to_alias(request, page_id)
    messages.error(
        request,
        _(
            "A translation cannot be turned into an alias of its source here: that would "
            "replace the translation and publish the source without review. Ask an "
            "administrator if the page really should copy its source."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page_id)


def submit_translation_for_review(request, page):
    """Save a translator's work in wagtail-localize's editor as a draft and send it through
    the review workflow (the editor itself only offers to publish)."""
    page = page.specific
    permissions = page.permissions_for_user(request.user)
    if not (permissions.can_edit() and permissions.can_submit_for_moderation()):
        raise PermissionDenied
    translation = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if translation is None:
        messages.error(request, _("This page is not a synced translation."))
        return redirect(edit_url)
    return send_translation_for_review(
        request, page, translation, edit_url, _("No review workflow covers this page.")
    )


def submit_snippet_translation_for_review(request, instance):
    """The same for a snippet with drafts (transcripts, helplines, resources, pillars, topics)."""
    opts = instance._meta
    if not isinstance(instance, DraftStateMixin) or not request.user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    ):
        raise PermissionDenied
    translation = Translation.objects.filter(
        source__object_id=instance.translation_key,
        source__specific_content_type=ContentType.objects.get_for_model(type(instance)),
        target_locale_id=instance.locale_id,
        enabled=True,
    ).first()
    edit_url = reverse(instance.snippet_viewset.get_url_name("edit"), args=[instance.pk])
    if translation is None:
        messages.error(request, _("This is not a synced translation."))
        return redirect(edit_url)
    return send_translation_for_review(
        request, instance, translation, edit_url, _("No review workflow covers this item.")
    )


def send_translation_for_review(request, obj, translation, edit_url, no_workflow_message):
    """Save the translation as a draft revision and start (or resume) the review workflow.

    `save_target(publish=False)` leaves the row of a live translation as employees see it and
    keeps the new wording in the revision (cms.core.reviewed.KeepLiveRowMixin)."""
    if obj.current_workflow_state is None and obj.get_workflow() is None:
        messages.error(request, no_workflow_message)
        return redirect(edit_url)
    try:
        translation.save_target(user=request.user, publish=False)
    except ValidationError as error:
        translation_not_saved(request, error)
        return redirect(edit_url)
    obj.refresh_from_db()
    start_or_resume_review(obj, request.user)
    title = obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)
    messages.success(
        request,
        _("“%(title)s” in %(language)s was sent for review.")
        % {"title": title, "language": obj.locale.get_display_name()},
    )
    return redirect(edit_url)


def translation_not_saved(request, error):
    messages.error(
        request,
        _("The translation could not be saved: %(errors)s") % {"errors": "; ".join(error.messages)},
    )


def start_or_resume_review(obj, user):
    """Start the review workflow on `obj`, or resume it after a request for changes."""
    state = obj.current_workflow_state
    if state is None:
        obj.get_workflow().start(obj, user)
    elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
