"""Snippets whose changes go live only after review, like pages.

An editor's or translator's save is a draft (a revision); the row itself, which the site shows,
changes only when the review workflow approves and publishes. So a helpline number, a support
resource or a topic name in any language is never changed on the live site unreviewed.
Listings must show live items only (`live=True`).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin


class ReviewedSnippet(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
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
