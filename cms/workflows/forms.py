import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

# The safe-messaging checklist: field name -> what the reviewer confirms.
SAFE_MESSAGING_CHECKLIST = {
    "no_method_details": _("There are no details of methods or means of self-harm or suicide."),
    "no_sensational_language": _(
        "The wording is not sensational and avoids phrases like “committed suicide”."
    ),
    "route_to_help_visible": _("A route to help (helpline, support page) is visible."),
    "content_notes_present": _(
        "Content notes are present where the content needs them (tick if none are needed)."
    ),
    "transcript_matches_audio": _(
        "Every transcript matches its audio (tick if the page has no audio)."
    ),
}

DEFAULT_REVIEW_MONTHS = 12
MAX_REVIEW_MONTHS = 24


def months_from(day, months):
    """`day` moved on by whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover  (every month has a 28th)


def default_review_by():
    return months_from(timezone.localdate(), DEFAULT_REVIEW_MONTHS)


class WellbeingApprovalForm(forms.Form):
    """What a wellbeing reviewer confirms to approve: every checklist item and a review date."""

    no_method_details = forms.BooleanField(label=SAFE_MESSAGING_CHECKLIST["no_method_details"])
    no_sensational_language = forms.BooleanField(
        label=SAFE_MESSAGING_CHECKLIST["no_sensational_language"]
    )
    route_to_help_visible = forms.BooleanField(
        label=SAFE_MESSAGING_CHECKLIST["route_to_help_visible"]
    )
    content_notes_present = forms.BooleanField(
        label=SAFE_MESSAGING_CHECKLIST["content_notes_present"]
    )
    transcript_matches_audio = forms.BooleanField(
        label=SAFE_MESSAGING_CHECKLIST["transcript_matches_audio"]
    )
    review_by = forms.DateField(
        label=_("Review again by"),
        initial=default_review_by,
        widget=AdminDateInput,
        help_text=_(
            "When this content must be checked again. Usually 12 months from today; "
            "sooner for time-sensitive content."
        ),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. The author sees it in the page's history."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SAFE_MESSAGING_CHECKLIST:
            self.fields[name].error_messages["required"] = _(
                "Confirm this item, or request changes instead."
            )

    def clean_review_by(self):
        review_by = self.cleaned_data["review_by"]
        today = timezone.localdate()
        if isinstance(review_by, datetime.datetime):
            review_by = review_by.date()
        if review_by <= today:
            raise forms.ValidationError(_("Choose a date after today."))
        if review_by > months_from(today, MAX_REVIEW_MONTHS):
            raise forms.ValidationError(
                _("Choose a date within %(months)s months.") % {"months": MAX_REVIEW_MONTHS}
            )
        return review_by


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required. The author sees this comment and the page goes back to them."),
        error_messages={"required": _("Tell the author what needs to change.")},
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(_("Tell the author what needs to change."))
        return comment
