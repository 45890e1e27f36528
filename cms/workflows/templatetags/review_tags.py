from django import template
from django.utils import timezone

from cms.workflows.models import latest_sign_off

register = template.Library()


@register.inclusion_tag("workflows/sign_off_status.html")
def wellbeing_sign_off(obj):
    """The latest wellbeing sign-off of a page, for its status side panel."""
    sign_off = latest_sign_off(obj) if getattr(obj, "pk", None) else None
    return {"sign_off": sign_off, "today": timezone.localdate()}
