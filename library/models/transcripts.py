"""Transcripts: what is said in a recording, as timed cues or plain text, reviewed before live."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from cms.core.reviewed import ReviewedSnippet

from ..forms import TranscriptForm
from ..webvtt import Cue, render_plain_text, render_webvtt


class CueBlock(blocks.StructBlock):
    start = blocks.FloatBlock(label=_("Start"), min_value=0, help_text=_("Seconds from the start."))
    end = blocks.FloatBlock(label=_("End"), min_value=0)
    speaker = blocks.CharBlock(label=_("Speaker"), required=False, max_length=100)
    text = blocks.TextBlock(label=_("Spoken text"))

    class Meta:
        icon = "openquote"
        label_format = "{start}s {text}"
        description = _("One caption: what is said between two moments of the recording.")
        preview_value = {"start": 0, "end": 4.5, "speaker": "Host", "text": "Welcome."}


class Transcript(ReviewedSnippet, TranslatableMixin, index.Indexed, models.Model):
    """What is said in a recording: timed cues (from WebVTT) or typed text. Translatable.

    Changes to a published transcript are drafts until they pass the same review as pages
    (the site shows the published version, the row itself), so wording on a live episode
    never changes unreviewed.
    """

    title = models.CharField(
        max_length=255, verbose_name=_("title"), help_text=_("Usually the episode's title.")
    )
    cues = StreamField(
        [("cue", CueBlock(label=_("Cue")))],
        blank=True,
        verbose_name=_("timed cues"),
        help_text=_("Filled in from an uploaded WebVTT file; fix wording here if needed."),
    )
    text = models.TextField(
        blank=True,
        verbose_name=_("text without timings"),
        help_text=_("Type or paste the transcript here when you have no WebVTT file."),
    )

    base_form_class = TranscriptForm
    panels = [
        FieldPanel("title"),
        FieldPanel("webvtt_file"),
        FieldPanel("text"),
        FieldPanel("cues"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("text"),
        index.SearchField("cues"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("cues"),
        TranslatableField("text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self):
        return self.title

    @property
    def cue_list(self):
        return [
            Cue(
                start=block.value["start"],
                end=block.value["end"],
                text=block.value["text"],
                speaker=block.value["speaker"] or "",
            )
            for block in self.cues
            if block.block_type == "cue"
        ]

    @property
    def has_timings(self):
        return bool(len(self.cues))

    def as_webvtt(self):
        if self.has_timings:
            return render_webvtt(self.cue_list)
        return None

    def as_plain_text(self):
        if self.has_timings:
            return render_plain_text(self.cue_list)
        return self.text.strip() + "\n"

    @property
    def get_url_vtt(self):
        return self.get_url("vtt")

    @property
    def get_url_txt(self):
        return self.get_url("txt")

    def get_url(self, extension, token=None):
        kwargs = {"transcript_id": self.pk, "ext": extension}
        if token:
            return reverse("library:token_transcript", kwargs={"token": token, **kwargs})
        return reverse("library:transcript", kwargs=kwargs)
