"""Findings at submit for review, and what a wellbeing reviewer must do with them."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import TaskState

from .content import check_object, has_signposting, is_about_suicide_or_self_harm
from .models import Acknowledgement, Category, FindingsReport, Severity


def report_for_revision(revision):
    """The stored findings of `revision`, checked now if they were not stored at submit."""
    if revision is None:
        return None
    report = FindingsReport.objects.filter(revision=revision).first()
    if report is not None:
        return report
    obj = revision.as_object()
    findings = [finding.as_dict() for finding in check_object(obj)]
    report, _created = FindingsReport.objects.get_or_create(
        revision=revision, defaults={"findings": findings}
    )
    return report


def store_findings_on_submit(sender, instance, user=None, **kwargs):
    """`task_submitted`: keep the findings with the revision under review (once per revision)."""
    if instance.revision_id is not None:
        report_for_revision(instance.revision)


def in_progress_task_state(obj):
    return (
        TaskState.objects.filter(
            workflow_state__base_content_type=obj.get_base_content_type(),
            workflow_state__object_id=str(obj.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        .select_related("revision")
        .first()
    )


def review_status(task_state):
    """For the reviewer: every finding of the revision under review, with its answer."""
    report = report_for_revision(task_state.revision) if task_state else None
    if report is None:
        return {"report": None, "findings": [], "unanswered_high": []}
    answers = {answer.finding_key: answer for answer in report.acknowledgements.all()}
    findings = []
    for finding in report.findings:
        findings.append({**finding, "answer": answers.get(finding["key"])})
    unanswered = [
        finding
        for finding in findings
        if finding["severity"] == Severity.HIGH
        and finding["category"] != Category.MISSING_SIGNPOSTING
        and finding["answer"] is None
    ]
    return {"report": report, "findings": findings, "unanswered_high": unanswered}


def approval_blockers(obj, task_state):
    """Why a wellbeing approval of `obj` must be refused (empty: it may be approved)."""
    reasons = []
    revision_obj = task_state.revision.as_object() if task_state.revision_id else obj
    if is_about_suicide_or_self_harm(revision_obj) and not has_signposting(revision_obj):
        reasons.append(
            _(
                "This page is about suicide or self-harm and has no “Talk to someone” block "
                "or link to the support page. Request changes so the author adds one."
            )
        )
    status = review_status(task_state)
    if status["unanswered_high"]:
        reasons.append(
            _(
                "%(count)s high-severity safe-messaging finding(s) not yet dealt with: mark "
                "each one resolved, or justified with a note, before approving."
            )
            % {"count": len(status["unanswered_high"])}
        )
    return reasons


@transaction.atomic
def acknowledge(report, finding_key, decision, note, user, obj):
    """Record a reviewer's answer to one finding (and say so in the audit log)."""
    answer, _created = Acknowledgement.objects.update_or_create(
        report=report,
        finding_key=finding_key,
        defaults={"decision": decision, "note": note, "user": user},
    )
    log(
        obj,
        "safety.acknowledge",
        user=user,
        data={"finding": finding_key, "decision": decision, "revision": report.revision_id},
    )
    return answer
