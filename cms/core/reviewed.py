"""Snippets whose changes go live only after review, like pages.

An editor's or translator's save is a draft (a revision); the row itself, which the site shows,
changes only when the review workflow approves and publishes. So a helpline number, a support
resource or a topic name in any language is never changed on the live site unreviewed.
Listings must show live items only (`live=True`).
"""

import contextvars
from contextlib import contextmanager

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

_keeping_live_rows = contextvars.ContextVar("keeping_live_rows", default=False)


@contextmanager
def keeping_live_rows():
    """Within this block, a full save of a row that is live is skipped (see KeepLiveRowMixin)."""
    token = _keeping_live_rows.set(True)
    try:
        yield
    finally:
        _keeping_live_rows.reset(token)


class KeepLiveRowMixin:
    """wagtail-localize saves a translation "as a draft" (publish=False) by writing the new
    wording into the row and then saving a revision. For a translation that is already live,
    that would change (or, for snippets, unpublish) what employees see before any review: this
    happens when a page is translated with its subtree or its related snippets (topics, …)
    that already have a translation. Inside `keeping_live_rows()` the row of a live object is
    left as it is; the revision that follows keeps the new wording as a draft for review.
    wagtail-localize's drafts enter that block through the start-up patch
    `cms.core.vendor_patches.localize.guard_wagtail_localize_drafts`."""

    def save(self, *args, **kwargs):
        if (
            _keeping_live_rows.get()
            and kwargs.get("update_fields") is None
            and self.pk is not None
            and type(self)._default_manager.filter(pk=self.pk, live=True).exists()
        ):
            return None
        return super().save(*args, **kwargs)


class ReviewedSnippet(
    KeepLiveRowMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model
):
    # Revisions and workflow states go with the snippet when it is deleted.
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions
