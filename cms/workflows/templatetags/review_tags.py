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
