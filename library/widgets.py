"""The audio file input, enhanced by library/static/library/audio_upload.js.

Without JavaScript it is a plain file input and the form posts the file as before. With it, the
size limit is checked before any byte is sent, and the upload shows progress and can be
cancelled: with local storage the form itself is sent by XHR; with S3 the file goes from the
browser straight to the bucket in parts (see library/uploads.py) and the form sends only a
signed reference to it.
"""

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .audio import human_size


def upload_texts(max_bytes):
    """Strings the script shows, translated here (the project has no JavaScript catalogue)."""
    return {
        "too-large": _("The file is %(size)s; the largest audio file accepted is %(limit)s.")
        % {"size": "{size}", "limit": human_size(max_bytes)},
        "progress": _("%(percent)s%% uploaded, about %(time)s left")
        % {"percent": "{percent}", "time": "{time}"},
        "starting": _("Starting the upload…"),
        "checking": _("Uploaded. Checking the file…"),
        "retrying": _("The connection dropped. Trying again…"),
        "cancelled": _("Upload cancelled. Nothing was saved."),
        "failed": _("The upload failed. Check your connection and save again."),
    }


class AudioUploadWidget(forms.ClearableFileInput):
    direct_to_s3 = False

    class Media:
        js = ["library/audio_upload.js"]
        css = {"all": ["library/audio_upload.css"]}

    def render(self, name, value, attrs=None, renderer=None):
        file_input = super().render(name, value, attrs, renderer)
        max_bytes = settings.AUDIO_MAX_UPLOAD_MB * 1024 * 1024
        context = {
            "file_input": file_input,
            "max_bytes": max_bytes,
            "texts": upload_texts(max_bytes).items(),
            "direct_to_s3": self.direct_to_s3,
        }
        if self.direct_to_s3:
            context["endpoints"] = {
                action: reverse(f"library_uploads:{action}")
                for action in ("initiate", "sign", "complete", "abort")
            }.items()
        return render_to_string("library/widgets/audio_upload.html", context)
