"""Content safety: the safe-messaging lexicon, findings stored with each submitted revision,
the reviewer's acknowledgements, and the review-date steps taken on live content."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

MAX_PATTERN_LENGTH = 200


class Category(models.TextChoices):
    CRIMINALISING = "criminalising", _("criminalising language")
    STIGMATISING = "stigmatising", _("stigmatising language")
    METHOD_DETAIL = "method_detail", _("method or location detail")
    SOLUTION = "solution", _("suicide presented as a solution or inevitable")
    SENSATIONAL = "sensational", _("sensational wording")
    MISSING_SIGNPOSTING = "missing_signposting", _("missing signposting")


class Severity(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class Source(models.TextChoices):
    SAMARITANS = "samaritans", _("Samaritans media guidelines for reporting suicide")
    REPORTING_ON_SUICIDE = (
        "reportingonsuicide",
        _("Recommendations for reporting on suicide (reportingonsuicide.org)"),
    )
    WHO_IASP = "who_iasp", _("WHO/IASP: Preventing suicide, a resource for media professionals")
    PROGRAMME = "programme", _("Heart & Soul wellbeing team")


class SafeMessagingRule(TranslatableMixin, models.Model):
    """One entry of a language's safe-messaging lexicon: wording to avoid, why, and what to
    write instead. Edited by Wellbeing reviewers (Snippets > Safe-messaging lexicon).

    Translatable so a reviewer may start another language's entry from this one; each
    language's list is its own (phrases are not word-for-word translations)."""

    phrase = models.CharField(
        max_length=MAX_PATTERN_LENGTH,
        verbose_name=_("phrase or pattern"),
        help_text=_(
            "Words to look for, e.g. “committed suicide”. Matched as whole words, ignoring case "
            "and accents. Tick “pattern” to write a regular expression instead."
        ),
    )
    is_pattern = models.BooleanField(
        default=False,
        verbose_name=_("pattern"),
        help_text=_("A regular expression (for specialists), matched ignoring case."),
    )
    category = models.CharField(max_length=32, choices=Category.choices, verbose_name=_("category"))
    severity = models.CharField(
        max_length=8,
        choices=Severity.choices,
        default=Severity.MEDIUM,
        verbose_name=_("severity"),
        help_text=_("High: the wellbeing reviewer must deal with each finding before approving."),
    )
    alternative = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("suggested alternative"),
        help_text=_("What to write instead, e.g. “died by suicide”."),
    )
    why = models.CharField(
        max_length=300,
        verbose_name=_("why"),
        help_text=_("One sentence the editor sees with the finding."),
    )
    source = models.CharField(max_length=32, choices=Source.choices, verbose_name=_("source"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    panels = [
        FieldRowPanel([FieldPanel("phrase"), FieldPanel("is_pattern")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("severity")]),
        FieldPanel("alternative"),
        FieldPanel("why"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("active")], heading=_("Source")),
    ]
    translatable_fields = [
        TranslatableField("phrase"),
        TranslatableField("alternative"),
        TranslatableField("why"),
        SynchronizedField("is_pattern", overridable=False),
        SynchronizedField("category", overridable=False),
        SynchronizedField("severity", overridable=False),
        SynchronizedField("source", overridable=False),
        SynchronizedField("active", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("safe-messaging lexicon entry")
        verbose_name_plural = _("safe-messaging lexicon")
        ordering = ["locale", "category", "phrase"]

    def __str__(self):
        return self.phrase

    def clean(self):
        super().clean()
        if self.is_pattern:
            try:
                re.compile(self.phrase)
            except re.error as error:
                raise ValidationError(
                    {"phrase": _("This is not a valid pattern: %(error)s") % {"error": error}}
                ) from error
        elif not re.search(r"\w", self.phrase or ""):
            raise ValidationError({"phrase": _("Write at least one word.")})


class FindingsReport(models.Model):
    """The checker's findings for one revision, stored when it was submitted for review."""

    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.CASCADE,
        related_name="safe_messaging_report",
        verbose_name=_("revision"),
    )
    findings = models.JSONField(default=list, verbose_name=_("findings"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("checked at"))

    class Meta:
        verbose_name = _("safe-messaging findings")
        verbose_name_plural = _("safe-messaging findings")

    def __str__(self):
        return f"{len(self.findings)} findings (revision {self.revision_id})"

    def high_findings(self):
        return [finding for finding in self.findings if finding["severity"] == Severity.HIGH]


class Acknowledgement(models.Model):
    """A wellbeing reviewer's answer to one high-severity finding of a revision."""

    class Decision(models.TextChoices):
        RESOLVED = "resolved", _("resolved")
        JUSTIFIED = "justified", _("justified")

    report = models.ForeignKey(
        FindingsReport,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("findings"),
    )
    finding_key = models.CharField(max_length=64, verbose_name=_("finding"))
    decision = models.CharField(max_length=16, choices=Decision.choices, verbose_name=_("decision"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("at"))

    class Meta:
        verbose_name = _("finding acknowledgement")
        verbose_name_plural = _("finding acknowledgements")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "finding_key"], name="safety_one_answer_per_finding"
            )
        ]

    def __str__(self):
        return f"{self.finding_key}: {self.decision}"


class ReviewNotice(models.Model):
    """Live content whose review-by date passed more than REVIEW_GRACE_DAYS ago: employees see
    a quiet "This content is being reviewed" note on it until a wellbeing reviewer signs it
    off again (then the row is deleted). Written by `manage.py review_overdue`."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="safety_review_notice",
        verbose_name=_("page"),
    )
    review_by = models.DateField(verbose_name=_("review by"))
    since = models.DateField(verbose_name=_("shown since"))

    class Meta:
        verbose_name = _("review notice")
        verbose_name_plural = _("review notices")

    def __str__(self):
        return f"{self.page_id} (review by {self.review_by})"
