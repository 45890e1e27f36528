from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.choosers import LocalePageForm

from .audio import AudioRejected, human_size, inspect_audio
from .webvtt import WebVTTError, parse_webvtt
from .widgets import AudioUploadWidget

WEBVTT_MAX_BYTES = 5 * 1024 * 1024


def transcript_required_message():
    return _(
        "Add a transcript before publishing: people who cannot hear the audio need one "
        "(WCAG 2.2, success criterion 1.2.1)."
    )


class AudioFileForm(WagtailAdminModelForm):
    """Checks an upload by its content and reads its metadata before anything is stored."""

    audio_info = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["empty"] = _(
                "The file is empty. Choose the audio file again."
            )
            # Progress, cancel and the size limit in the browser (plain file input without JS).
            file_field = self.fields["file"]
            file_field.widget = AudioUploadWidget(attrs=file_field.widget.attrs)
            file_field.widget.is_required = file_field.required

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):
            return uploaded  # unchanged on edit
        if self.instance.pk and self.instance.episodes.filter(live=True).exists():
            # Swapping the recording under a live episode would skip the review it went through.
            raise ValidationError(
                _(
                    "Live episodes use this recording, so it cannot be replaced here. Upload the "
                    "new recording as a new audio file and choose it on the episode: the change "
                    "then goes through review."
                ),
                code="audio_in_use",
            )
        max_bytes = settings.AUDIO_MAX_UPLOAD_MB * 1024 * 1024
        try:
            self.audio_info = inspect_audio(uploaded, max_bytes=max_bytes)
        except AudioRejected as rejection:
            raise ValidationError(str(rejection), code="invalid_audio") from rejection
        finally:
            uploaded.seek(0)
        # Named after what it is, not what it was called: "Episode 1.MP3.html" -> "episode-1.mp3".
        stem = slugify(PurePath(uploaded.name).stem.split(".")[0])[:80] or "audio"
        uploaded.name = f"{stem}.{self.audio_info.extension}"
        return uploaded

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.audio_info is not None:
            info = self.audio_info
            instance.duration_seconds = info.duration_seconds
            instance.size_bytes = info.size_bytes
            instance.mime_type = info.mime_type
            instance.bitrate = info.bitrate
            instance.sample_rate = info.sample_rate
            instance.channels = info.channels
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class TranscriptForm(WagtailAdminModelForm):
    webvtt_file = forms.FileField(
        required=False,
        label=_("WebVTT file"),
        help_text=_(
            "Upload captions as a .vtt file to fill in the timed transcript (replaces the "
            "current cues). Timed transcripts let listeners jump to any sentence."
        ),
    )

    parsed_cues = None

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("webvtt_file")
        if upload:
            if upload.size > WEBVTT_MAX_BYTES:
                self.add_error(
                    "webvtt_file",
                    _("The file is %(size)s; a WebVTT transcript is at most %(limit)s.")
                    % {"size": human_size(upload.size), "limit": human_size(WEBVTT_MAX_BYTES)},
                )
            else:
                try:
                    self.parsed_cues = parse_webvtt(upload.read())
                except WebVTTError as error:
                    self.add_error("webvtt_file", str(error))
            return cleaned_data
        cues = cleaned_data.get("cues")
        text = (cleaned_data.get("text") or "").strip()
        if not text and not (cues and len(cues)) and "cues" not in self.errors:
            raise ValidationError(
                _("Add the transcript: upload a WebVTT file or type the text."),
                code="empty_transcript",
            )
        return cleaned_data

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.parsed_cues is not None:
            instance.cues = [("cue", cue.as_block_value()) for cue in self.parsed_cues]
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class EpisodePageForm(LocalePageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Drafts may be incomplete; submitting for review or publishing may not.
        if self.is_deferred_validation:
            return cleaned_data
        transcript = cleaned_data.get("transcript")
        if cleaned_data.get("audio") and not transcript:
            self.add_error("transcript", transcript_required_message())
        elif transcript is not None and not transcript.live and "action-publish" in self.data:
            # Submitting takes a draft transcript into the episode's review (it goes live with
            # the episode: cms.workflows.companions); publishing outright would leave it behind.
            self.add_error(
                "transcript",
                _(
                    "The transcript “%(title)s” is not published yet. Submit the episode for "
                    "review instead: its transcript is reviewed with it and goes live with it."
                )
                % {"title": transcript.title},
            )
        return cleaned_data
