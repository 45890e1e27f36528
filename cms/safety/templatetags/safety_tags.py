from django import template
from django.urls import reverse

from cms.safety.models import Category
from cms.safety.review import approval_blockers, in_progress_task_state, review_status

register = template.Library()


@register.inclusion_tag("safety/review_findings.html")
def safe_messaging_findings(obj, task_state=None):
    """Beside the wellbeing checklist: the findings of the revision under review, how each
    high-severity one was answered, and what still stops approval."""
    if obj is None or not getattr(obj, "pk", None):
        return {"findings": []}
    task_state = task_state or in_progress_task_state(obj)
    if task_state is None:
        return {"findings": []}
    status = review_status(task_state)
    return {
        "findings": status["findings"],
        "unanswered_high": status["unanswered_high"],
        "blockers": approval_blockers(getattr(obj, "specific", obj), task_state),
        "answer_url": reverse("safety:findings_for_review", args=[task_state.pk]),
        "missing_signposting": Category.MISSING_SIGNPOSTING,
    }
