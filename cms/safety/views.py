import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, TaskState

from cms.workflows.models import WellbeingReviewTask

from .live_report import live_findings
from .models import Acknowledgement, Category, Severity
from .review import acknowledge, review_status


class AcknowledgementForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=Acknowledgement.Decision.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when the wording is justified: say why it stays."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == Acknowledgement.Decision.JUSTIFIED
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Say why the wording is justified."))
        return data


def reviewable_task_state(request, task_state_id):
    task_state = get_object_or_404(
        TaskState.objects.select_related("revision", "task", "workflow_state"),
        pk=task_state_id,
        status=TaskState.STATUS_IN_PROGRESS,
    )
    task = task_state.task.specific
    obj = task_state.workflow_state.content_object
    if isinstance(obj, Page):
        obj = obj.specific
    if not isinstance(task, WellbeingReviewTask) or not task.user_may_review(
        obj, request.user, task_state
    ):
        raise PermissionDenied
    return task_state, obj


def findings_for_review(request, task_state_id):
    """The wellbeing reviewer answers each high-severity finding of the revision under review."""
    task_state, obj = reviewable_task_state(request, task_state_id)
    status = review_status(task_state)
    findings = [f for f in status["findings"] if f["category"] != Category.MISSING_SIGNPOSTING]
    errors = {}
    if request.method == "POST":
        key = request.POST.get("finding", "")
        finding = next((f for f in findings if f["key"] == key), None)
        form = AcknowledgementForm(request.POST, prefix=key)
        if finding is None:
            messages.error(request, _("That finding is not part of this review."))
        elif form.is_valid():
            acknowledge(
                status["report"],
                key,
                form.cleaned_data["decision"],
                form.cleaned_data["note"].strip(),
                request.user,
                obj,
            )
            messages.success(request, _("Your answer was recorded."))
            return redirect("safety:findings_for_review", task_state.pk)
        else:
            errors[key] = form
    rows = []
    for finding in findings:
        answer = finding["answer"]
        initial = {"decision": answer.decision, "note": answer.note} if answer else {}
        form = errors.get(finding["key"]) or AcknowledgementForm(
            initial=initial, prefix=finding["key"]
        )
        rows.append({"finding": finding, "form": form})
    edit_url = AdminURLFinder().get_edit_url(obj) or ""
    return TemplateResponse(
        request,
        "safety/findings_for_review.html",
        {
            "object": obj,
            "rows": rows,
            "edit_url": edit_url,
            "page_title": _("Safe-messaging findings"),
            "high": Severity.HIGH,
        },
    )


REPORT_COLUMNS = [
    ("kind", gettext_lazy("Kind")),
    ("title", gettext_lazy("Title")),
    ("language", gettext_lazy("Language")),
    ("severity", gettext_lazy("Severity")),
    ("category", gettext_lazy("Category")),
    ("text", gettext_lazy("Wording found")),
    ("where", gettext_lazy("Where")),
    ("alternative", gettext_lazy("Suggested alternative")),
    ("admin_url", gettext_lazy("Edit")),
]


def findings_report(request):
    """Every live page and transcript with safe-messaging findings; `?export=csv` for CSV."""
    if not (
        request.user.is_superuser
        or request.user.groups.filter(name__in=["Wellbeing reviewers", "Editors"]).exists()
    ):
        raise PermissionDenied
    rows = live_findings(admin_base=request.build_absolute_uri("/").rstrip("/"))
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="safe-messaging-findings.csv"'
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        writer.writerow([str(label) for _key, label in REPORT_COLUMNS])
        for row in rows:
            writer.writerow([csv_safe(row[key]) for key, _label in REPORT_COLUMNS])
        return response
    return TemplateResponse(
        request,
        "safety/findings_report.html",
        {"rows": rows, "page_title": _("Safe-messaging findings in live content")},
    )


def csv_safe(value):
    """No spreadsheet formulas from content (CSV injection)."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
