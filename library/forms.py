import logging
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.core.choosers import LocalePageForm
from cms.storage import STORAGE_ERRORS, storage_unavailable_message

from .audio import AudioRejected, human_size, inspect_audio
from .uploads import (
    UploadRefused,
    check_pending_upload,
    direct_upload_storage,
    discard_pending_upload,
    move_into_place,
    read_upload,
)
from .webvtt import WebVTTError, parse_webvtt
from .widgets import AudioUploadWidget

WEBVTT_MAX_BYTES = 5 * 1024 * 1024
logger = logging.getLogger(__name__)


def transcript_required_message():
    return _(
        "Add a transcript before publishing: people who cannot hear the audio need one "
        "(WCAG 2.2, success criterion 1.2.1)."
    )


class AudioFileForm(WagtailAdminModelForm):
    """Checks an upload by its content and reads its metadata before anything is stored.

    With S3 and JavaScript the file is not in the post: the browser has put it in the bucket
    (library/uploads.py) and `pending_upload` names it; the same check then reads it from S3,
    and saving moves it into place."""

    pending_upload = forms.CharField(required=False, widget=forms.HiddenInput)

    audio_info = None
    pending = None

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
            file_field.widget.direct_to_s3 = direct_upload_storage() is not None
            if self.data.get("pending_upload"):
                file_field.required = False  # the file is in the bucket already

    def recording_in_use_error(self):
        if self.instance.pk and self.instance.episodes.filter(live=True).exists():
            # Swapping the recording under a live episode would skip the review it went through.
            return ValidationError(
                _(
                    "Live episodes use this recording, so it cannot be replaced here. Upload the "
                    "new recording as a new audio file and choose it on the episode: the change "
                    "then goes through review."
                ),
                code="audio_in_use",
            )
        return None

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):
            return uploaded  # unchanged on edit
        if in_use := self.recording_in_use_error():
            raise in_use
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

    def clean(self):
        cleaned_data = super().clean()
        token = cleaned_data.get("pending_upload")
        if token and not isinstance(cleaned_data.get("file"), UploadedFile):
            self.check_pending_upload(token)
        return cleaned_data

    def check_pending_upload(self, token):
        storage = direct_upload_storage()
        try:
            if storage is None:
                raise UploadRefused(_("The upload was not found. Choose the file again."))
            pending = read_upload(token, self.for_user)
        except UploadRefused as refusal:
            self.add_error("file", str(refusal))
            return
        try:
            if in_use := self.recording_in_use_error():
                discard_pending_upload(storage, pending)
                self.add_error("file", in_use)
                return
            self.audio_info = check_pending_upload(storage, pending)  # deletes what it refuses
        except AudioRejected as rejection:
            self.add_error("file", ValidationError(str(rejection), code="invalid_audio"))
            return
        except STORAGE_ERRORS:
            logger.exception("Checking an uploaded object failed: storage error")
            self.add_error(None, storage_unavailable_message())
            return
        self.pending = pending

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.pending is not None:
            # Named after what it is, as in clean_file; copied inside S3, never downloaded.
            stem = slugify(PurePath(self.pending.filename).stem.split(".")[0])[:80] or "audio"
            name = instance.file.field.generate_filename(
                instance, f"{stem}.{self.audio_info.extension}"
            )
            instance.file = move_into_place(
                direct_upload_storage(), self.pending, name, self.audio_info.mime_type
            )
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
