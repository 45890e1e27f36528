"""A fix for reviewing snippet translations in wagtail-localize's translation editor.

The editor gives snippets Wagtail's plain `StatusSidePanel`. Once a snippet translation is in
review, that panel's workflow dialog links to the revision comparison and the workflow history,
whose URL names only Wagtail's own snippet views pass in: without them the editor answered 500
for every translated transcript, helpline, resource, pillar or topic under review. The panel
now finds them from the snippet's viewset when they are missing.
"""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.models import WorkflowMixin


def fill_in_snippet_review_links():
    from wagtail.admin.ui.side_panels import StatusSidePanel

    original = StatusSidePanel.get_context_data
    if getattr(original, "fills_in_snippet_review_links", False):
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

    get_context_data.fills_in_snippet_review_links = True
    StatusSidePanel.get_context_data = get_context_data
