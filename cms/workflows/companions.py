"""One review for a page and the reviewed snippets it needs to go live (its "companions").

An episode needs its transcript: a separate snippet with its own drafts and review. When the
episode is submitted, its draft transcript (any snippet its `review_companions()` names that
has unpublished changes) rides along in the episode's review instead of needing its own:

- `attach_companions` pins the companion's latest revision to the page's WorkflowState
  (`ReviewCompanion`) and ends a review the companion was already in (absorbed: the page's
  reviewers now see it);
- reviewers see the companions in the page's status side panel, with links to their changes,
  and in the page's preview (the page renders their drafts);
- while the review is in progress the companion cannot be edited (what is published is what
  was reviewed); after "Request changes" it can, and resubmitting pins the new revision;
- approval publishes the page and the pinned revisions in one transaction
  (`publish_companions`, called from the page's own publish by PublishesWithCompanionsMixin,
  so scheduled publishing does the same): if one companion cannot be published, nothing is,
  and the reviewer is told why.

A snippet changed on its own (a correction of a live transcript) is reviewed alone as before.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

ACTIVE = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def companions_wanted(page):
    """The snippets `page` (its latest draft) needs to go live that have unpublished changes."""
    wanted = getattr(page, "review_companions", None)
    if wanted is None:
        return []
    return [obj for obj in wanted() if not obj.live or obj.has_unpublished_changes]


def companion_rows(obj, statuses=ACTIVE):
    """The ReviewCompanion rows of `obj` in pages' reviews with one of `statuses`."""
    from .models import ReviewCompanion

    return ReviewCompanion.objects.filter(
        base_content_type=obj.get_base_content_type(),
        object_id=str(obj.pk),
        workflow_state__status__in=statuses,
    ).select_related("workflow_state")


def riding_with(obj, statuses=(WorkflowState.STATUS_IN_PROGRESS,)):
    """The page whose review `obj` is part of (in progress by default), or None."""
    row = companion_rows(obj, statuses).first()
    if row is None:
        return None
    return Page.objects.filter(pk=row.workflow_state.object_id).first()


def page_of(workflow_state):
    obj = workflow_state.content_object
    return obj.specific if isinstance(obj, Page) else obj


def attach_companions(workflow_state, user=None):
    """At submission (start or resume after changes): pin the draft companions of the page."""
    from .models import ReviewCompanion

    page = page_of(workflow_state)
    if not isinstance(page, Page):
        return []
    draft = page.get_latest_revision_as_object()
    attached = []
    for obj in companions_wanted(draft):
        others = companion_rows(obj).exclude(workflow_state=workflow_state)
        if others.exists():
            continue  # in another page's review: approval_blockers says so
        own = obj.current_workflow_state
        if own is not None and own.status in ACTIVE:
            # Absorbed: from now on the page's reviewers review it.
            own.cancel(user=user)
        revision = obj.latest_revision or obj.save_revision(user=user)
        ReviewCompanion.objects.update_or_create(
            workflow_state=workflow_state,
            base_content_type=obj.get_base_content_type(),
            object_id=str(obj.pk),
            defaults={"revision": revision},
        )
        attached.append(obj)
    # A companion the page no longer needs (another transcript chosen) leaves the review.
    keep = {(obj.get_base_content_type().pk, str(obj.pk)) for obj in attached}
    for row in workflow_state.companions.all():
        if (row.base_content_type_id, row.object_id) not in keep:
            row.delete()
    return attached


def attach_on_submission(sender, instance, created=False, raw=False, **kwargs):
    """post_save of WorkflowState. Wagtail's WorkflowState.start and .resume save the state
    with no current task just before the first task starts: the moment of every submission,
    whatever started it (the editor's Submit, a translator's submit, code). Vendor patch
    workflow-state-submission-save (cms.core.vendor_patches.wagtail_admin)."""
    if raw or instance.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    if instance.current_task_state_id is not None:
        return
    if instance.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return
    attach_companions(instance, user=instance.requested_by)


def kind_and_title(obj):
    return {"kind": obj._meta.verbose_name, "title": str(obj)}


def approval_blockers(workflow_state):
    """Why approving `workflow_state`'s last step cannot publish everything (empty: it can)."""
    page = page_of(workflow_state)
    reasons = []
    attached = set()
    for row in workflow_state.companions.select_related("revision"):
        attached.add((row.base_content_type_id, row.object_id))
        if row.published_at is not None:
            continue
        reasons.extend(invalid_revision_reasons(row.revision))
    draft = page.get_latest_revision_as_object() if isinstance(page, Page) else None
    for obj in companions_wanted(draft) if draft is not None else []:
        if obj.live or (obj.get_base_content_type().pk, str(obj.pk)) in attached:
            continue
        other = riding_with(obj, ACTIVE)
        if other is not None:
            reasons.append(
                _(
                    "The %(kind)s “%(title)s” is in the review of “%(page)s”: it goes live "
                    "when that review is approved. Approve that first, or request changes."
                )
                % {**kind_and_title(obj), "page": other.get_admin_display_title()}
            )
        else:
            reasons.append(
                _(
                    "The %(kind)s “%(title)s” is not published and was not sent with this page. "
                    "Request changes, so the author submits the page again with it."
                )
                % kind_and_title(obj)
            )
    return reasons


def invalid_revision_reasons(revision):
    obj = revision.as_object()
    try:
        obj.full_clean()
    except ValidationError as error:
        return [
            _("The %(kind)s “%(title)s” cannot be published: %(errors)s")
            % {**kind_and_title(obj), "errors": " ".join(error.messages)}
        ]
    return []


def pending_companions(page):
    """Companions approved with `page` and not published yet (an approved review's only)."""
    state = (
        WorkflowState.objects.filter(
            base_content_type=page.get_base_content_type(), object_id=str(page.pk)
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return state, []
    return state, list(state.companions.filter(published_at=None).select_related("revision"))


def publish_companions(page, user=None):
    """Publish the pinned revisions approved with `page`, which has just gone live.

    Runs inside the page's publishing transaction: an error here undoes the page's publish too."""
    state, rows = pending_companions(page)
    if not rows:
        return []
    reasons = approval_blockers(state)
    if reasons:
        raise PermissionDenied(" ".join(str(reason) for reason in reasons))
    published = []
    for row in rows:
        obj = row.revision.content_object
        if obj.live_revision_id and obj.live_revision_id > row.revision_id:
            continue  # a newer reviewed version went live meanwhile: never go back
        row.revision.publish(user=user, skip_permission_checks=True)
        row.published_at = timezone.now()
        row.save(update_fields=["published_at"])
        published.append(obj)
    return published


class PublishesWithCompanionsMixin:
    """For page types with `review_companions()`: the page and what was reviewed with it go
    live together, whatever publishes the page (approval, scheduled publishing, an
    administrator), in one transaction."""

    def publish(self, revision, *args, **kwargs):
        with transaction.atomic():
            result = super().publish(revision, *args, **kwargs)
            self.refresh_from_db(fields=["live", "live_revision"])
            if self.live and self.live_revision_id == revision.pk:
                publish_companions(self, user=kwargs.get("user"))
            return result
