"""Recordings: the uploaded audio file model, where uploads are stored, and duration display."""

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from ..forms import AudioFileForm


def audio_upload_to(instance, filename):
    return f"audio/{date.today():%Y/%m}/{filename}"


class AudioFile(models.Model):
    """An uploaded recording. Not translatable: a translated episode points at its own recording.

    Everything but title and language is read from the file itself when it is uploaded.
    """

    title = models.CharField(
        max_length=255,
        verbose_name=_("title"),
        help_text=_("For finding this recording in the admin, e.g. the episode name."),
    )
    language = models.CharField(
        max_length=10,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        verbose_name=_("language"),
        help_text=_("The language spoken in the recording."),
    )
    file = models.FileField(
        upload_to=audio_upload_to,
        max_length=255,
        verbose_name=_("file"),
        help_text=_("MP3, M4A/AAC, Ogg/Opus or WAV. Duration and size are read from the file."),
    )
    duration_seconds = models.FloatField(editable=False, default=0)
    size_bytes = models.BigIntegerField(editable=False, default=0)
    mime_type = models.CharField(max_length=50, editable=False, blank=True)
    bitrate = models.PositiveIntegerField(null=True, editable=False)
    sample_rate = models.PositiveIntegerField(null=True, editable=False)
    channels = models.PositiveSmallIntegerField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded"))

    base_form_class = AudioFileForm
    panels = [FieldPanel("title"), FieldPanel("language"), FieldPanel("file")]

    class Meta:
        verbose_name = _("audio file")
        verbose_name_plural = _("audio files")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else "bin"

    @property
    def slug(self):
        return slugify(self.title)[:80] or "audio"

    def get_delivery_url(self, token=None):
        kwargs = {"audio_id": self.pk, "slug": self.slug, "ext": self.extension}
        if token:
            return reverse("library:token_audio", kwargs={"token": token, **kwargs})
        return reverse("library:audio", kwargs=kwargs)

    @property
    def duration_text(self):
        return format_duration(self.duration_seconds)

    duration_text.fget.short_description = _("duration")  # its column's heading in listings

    @property
    def language_name(self):
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(self.language, self.language)


def format_duration(seconds):
    total = round(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
