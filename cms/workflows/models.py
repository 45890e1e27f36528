"""The two review steps every page goes through before it reaches employees."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Revision, TaskState

from .forms import SAFE_MESSAGING_CHECKLIST, RequestChangesForm, WellbeingApprovalForm


def author_ids(obj, task_state=None):
    """Ids of the people who wrote what is under review: whoever submitted it and the author
    of every revision since it was last published (all of them if it never was), up to the
    revision the task reviews.

    Someone who edits during review becomes an author of the *new* revision, which needs
    approval again (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT) from someone else.
    """
    if task_state is None:
        task_state = (
            TaskState.objects.filter(
                workflow_state__base_content_type=obj.get_base_content_type(),
                workflow_state__object_id=str(obj.pk),
                status=TaskState.STATUS_IN_PROGRESS,
            )
            .select_related("workflow_state")
            .first()
        )
    if task_state is None:
        return set()
    cache = obj.__dict__.setdefault("_review_author_ids", {})
    if task_state.revision_id in cache:
        return cache[task_state.revision_id]
    revisions = Revision.objects.filter(
        base_content_type=obj.get_base_content_type(),
        object_id=str(obj.pk),
        pk__lte=task_state.revision_id,
    ).exclude(user=None)
    live_revision_id = getattr(obj, "live_revision_id", None)
    if live_revision_id:
        revisions = revisions.filter(pk__gt=live_revision_id)
    ids = set(revisions.values_list("user_id", flat=True))
    if task_state.workflow_state.requested_by_id:
        ids.add(task_state.workflow_state.requested_by_id)
    cache[task_state.revision_id] = ids
    return ids


class ReviewByOthersMixin:
    """Members of the task's groups review; never the content's own authors."""

    def user_may_review(self, obj, user, task_state=None):
        if not (user.is_superuser or self._user_in_groups(user)):
            return False
        return user.pk not in author_ids(obj, task_state)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )


class EditorialReviewTask(ReviewByOthersMixin, AbstractGroupApprovalTask):
    """Step 1: an editor who did not write the content checks it."""

    def get_actions(self, obj, user):
        if not self.user_may_review(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_form_for_action(self, action):
        if action == "reject":
            return RequestChangesForm
        return super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if not self.user_may_review(task_state.workflow_state.content_object, user, task_state):
            raise PermissionDenied
        if action_name == "reject":
            form = RequestChangesForm(data=kwargs)
            if not form.is_valid():
                raise PermissionDenied(_("Requesting changes needs a comment."))
            kwargs = form.cleaned_data
        super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("A member of the chosen groups who is not the author approves the content.")

    class Meta:
        verbose_name = _("editorial review task")
        verbose_name_plural = _("editorial review tasks")


class WellbeingReviewTaskState(TaskState):
    """A wellbeing review of one revision; on approval, the reviewer's sign-off."""

    no_method_details = models.BooleanField(
        default=False, verbose_name=SAFE_MESSAGING_CHECKLIST["no_method_details"]
    )
    no_sensational_language = models.BooleanField(
        default=False, verbose_name=SAFE_MESSAGING_CHECKLIST["no_sensational_language"]
    )
    route_to_help_visible = models.BooleanField(
        default=False, verbose_name=SAFE_MESSAGING_CHECKLIST["route_to_help_visible"]
    )
    content_notes_present = models.BooleanField(
        default=False, verbose_name=SAFE_MESSAGING_CHECKLIST["content_notes_present"]
    )
    transcript_matches_audio = models.BooleanField(
        default=False, verbose_name=SAFE_MESSAGING_CHECKLIST["transcript_matches_audio"]
    )
    review_by = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        verbose_name=_("review again by"),
        help_text=_("When the content must be checked again."),
    )

    class Meta:
        verbose_name = _("wellbeing review")
        verbose_name_plural = _("wellbeing reviews")

    @property
    def checklist(self):
        """(question, answer) pairs of the safe-messaging checklist."""
        return [(label, getattr(self, name)) for name, label in SAFE_MESSAGING_CHECKLIST.items()]

    @property
    def checklist_complete(self):
        return all(getattr(self, name) for name in SAFE_MESSAGING_CHECKLIST)

    def get_comment(self):
        # Shown in the workflow history and kept in the audit log with the approval.
        if self.status != self.STATUS_APPROVED or not self.review_by:
            return self.comment
        summary = _(
            "Safe-messaging checklist confirmed (%(count)s/%(total)s); review by %(date)s."
        ) % {
            "count": sum(1 for _label, answer in self.checklist if answer),
            "total": len(SAFE_MESSAGING_CHECKLIST),
            "date": self.review_by.isoformat(),
        }
        return f"{self.comment}\n{summary}".strip()


class WellbeingReviewTask(ReviewByOthersMixin, AbstractGroupApprovalTask):
    """Step 2: a wellbeing reviewer confirms the safe-messaging checklist and sets a review date."""

    task_state_class = WellbeingReviewTaskState

    def get_actions(self, obj, user):
        if not self.user_may_review(obj, user):
            return []
        # Both need the modal: approving records the checklist, rejecting needs a comment.
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve with checklist"), True),
        ]

    def get_form_for_action(self, action):
        if action == "approve":
            return WellbeingApprovalForm
        return RequestChangesForm

    def get_template_for_action(self, action):
        if action == "approve":
            return "workflows/wellbeing_approval_modal.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # Validated again here: the page editor passes the modal's data through the browser.
        task_state = task_state.specific
        if not self.user_may_review(task_state.workflow_state.content_object, user, task_state):
            raise PermissionDenied
        if action_name not in ("approve", "reject"):
            raise PermissionDenied
        form = self.get_form_for_action(action_name)(data=kwargs)
        if not form.is_valid():
            raise PermissionDenied(_("The wellbeing review form was incomplete."))
        data = form.cleaned_data
        if action_name == "reject":
            task_state.reject(user=user, comment=data["comment"])
            return
        # Safe-messaging findings answered, signposting present on a flagged topic (cms.safety).
        from cms.safety.review import approval_blockers

        blockers = approval_blockers(task_state.workflow_state.content_object, task_state)
        if blockers:
            raise PermissionDenied(" ".join(str(reason) for reason in blockers))
        for name in SAFE_MESSAGING_CHECKLIST:
            setattr(task_state, name, data[name])
        task_state.review_by = data["review_by"]
        task_state.approve(user=user, comment=data["comment"])

    @classmethod
    def get_description(cls):
        return _(
            "A wellbeing reviewer who is not the author confirms the safe-messaging checklist "
            "and sets the date by which the content must be reviewed again."
        )

    class Meta:
        verbose_name = _("wellbeing review task")
        verbose_name_plural = _("wellbeing review tasks")


def latest_sign_off(obj):
    """The most recent approved wellbeing review of `obj`, or None."""
    return (
        WellbeingReviewTaskState.objects.filter(
            workflow_state__base_content_type=obj.get_base_content_type(),
            workflow_state__object_id=str(obj.pk),
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("finished_by", "revision")
        .order_by("-finished_at", "-pk")
        .first()
    )


class ReviewCompanion(models.Model):
    """A reviewed snippet (e.g. a draft transcript) that goes through a page's review with it.

    Made when the page is submitted (cms.workflows.companions.attach_companions): the snippet's
    revision of that moment is pinned here, the snippet needs no review of its own, and the
    page's approval publishes the page and every companion together, in one transaction. A
    snippet reviewed alone (a correction of a live transcript) has no row here."""

    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="companions"
    )
    base_content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(max_length=255)
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workflow_state", "base_content_type", "object_id"],
                name="unique_companion_per_review",
            )
        ]

    def __str__(self):
        return f"{self.revision.object_str} with {self.workflow_state_id}"

    @property
    def content_object(self):
        return self.revision.content_object
