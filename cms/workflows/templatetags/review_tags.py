from django import template
from django.contrib.auth import get_permission_codename
from django.utils import timezone
from wagtail.models import DraftStateMixin, WorkflowMixin

from cms.workflows.models import latest_sign_off

register = template.Library()


@register.inclusion_tag("workflows/sign_off_status.html")
def wellbeing_sign_off(obj):
    """The latest wellbeing sign-off of a page, for its status side panel."""
    sign_off = latest_sign_off(obj) if getattr(obj, "pk", None) else None
    return {"sign_off": sign_off, "today": timezone.localdate()}


@register.simple_tag
def may_submit_snippet_for_review(instance, user):
    """Whether the translation editor should offer "Submit translation for review" for this
    snippet: it has drafts and a workflow, and the user may edit but not publish it."""
    if not isinstance(instance, DraftStateMixin) or not isinstance(instance, WorkflowMixin):
        return False
    opts = instance._meta
    may_change = user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")
    may_publish = user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
    return may_change and not may_publish and instance.get_workflow() is not None


@register.inclusion_tag("workflows/review_companions.html")
def review_companions(obj):
    """For a page in review: what goes live with it (its draft transcript), with a link to
    each one's changes since it was last published (or to the new item), for the status side
    panel the reviewers see."""
    from django.urls import reverse
    from wagtail.models import Page

    state = obj.current_workflow_state if isinstance(obj, Page) else None
    items = []
    for row in state.companions.select_related("revision") if state is not None else []:
        snippet = row.revision.content_object
        viewset = snippet.snippet_viewset
        if snippet.live and snippet.live_revision_id:
            url = reverse(
                viewset.get_url_name("revisions_compare"),
                args=[snippet.pk, str(snippet.live_revision_id), str(row.revision_id)],
            )
        else:
            url = reverse(viewset.get_url_name("edit"), args=[snippet.pk])
        items.append(
            {
                "object": snippet,
                "kind": snippet._meta.verbose_name,
                "is_new": not snippet.live,
                "url": url,
            }
        )
    return {"companions": items}
