"""Admin views for audio uploads with progress (library/static/library/audio_upload.js)."""

import functools
import json
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.storage import STORAGE_ERRORS, storage_unavailable_message

from .uploads import (
    UploadRefused,
    abandon_upload,
    direct_upload_storage,
    finish_upload,
    part_urls,
    read_upload,
    start_upload,
)

logger = logging.getLogger(__name__)


class UploadScriptAnswerMixin:
    """The upload script (library/static/library/audio_upload.js) sends the form by XHR, to show
    progress, and asks (header X-Audio-Upload) for the outcome in JSON: where to go next (the
    success message waits in the session, as after a normal post), or the form's errors, which
    it shows beside the file input. Without the header the view answers as it always has."""

    @cached_property
    def answers_upload_script(self):
        return self.request.headers.get("X-Audio-Upload") == "1"

    def save_action(self):
        response = super().save_action()
        if self.answers_upload_script and response.status_code in (301, 302):
            return JsonResponse({"ok": True, "redirect": response["Location"]})
        return response

    def form_invalid(self, form):
        if not self.answers_upload_script:
            return super().form_invalid(form)
        errors = [
            {
                "field": name,
                "label": str(form.fields[name].label) if name in form.fields else "",
                "message": str(message),
            }
            for name, messages in form.errors.items()
            for message in messages
        ]
        return JsonResponse({"ok": False, "errors": errors}, status=400)


# --- Straight to S3 (library/uploads.py) ---------------------------------------------------
# Admin URLs (Wagtail's register_admin_urls: signed-in staff with admin access only), POST only,
# CSRF-checked by Django's middleware (the script sends the form's token in X-CSRFToken), and
# only for people who may add or change audio files, as the audio form's own views ask.
UPLOAD_PERMISSIONS = ("library.add_audiofile", "library.change_audiofile")


def upload_endpoint(view):
    @functools.wraps(view)
    @require_POST
    def wrapper(request):
        if not any(request.user.has_perm(permission) for permission in UPLOAD_PERMISSIONS):
            raise PermissionDenied
        storage = direct_upload_storage()
        if storage is None:
            raise Http404("Uploads go through the form when storage is not S3.")
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": "bad request"}, status=400)
        if not isinstance(body, dict):
            return JsonResponse({"error": "bad request"}, status=400)
        try:
            return JsonResponse(view(request, storage, body))
        except UploadRefused as refusal:
            return JsonResponse({"error": str(refusal)}, status=400)
        except STORAGE_ERRORS:
            logger.exception("Direct upload: storage error")
            return JsonResponse({"error": str(storage_unavailable_message())}, status=503)

    return wrapper


def pending_from(request, body):
    return read_upload(str(body.get("token", "")), request.user)


@upload_endpoint
def initiate(request, storage, body):
    try:
        size = int(body.get("size"))
    except (TypeError, ValueError):
        raise UploadRefused(_("The file is empty. Choose the audio file again.")) from None
    return start_upload(storage, request.user, str(body.get("name", ""))[:255], size)


@upload_endpoint
def sign(request, storage, body):
    pending = pending_from(request, body)
    numbers = body.get("parts")
    if not isinstance(numbers, list) or not 0 < len(numbers) <= 100:
        raise UploadRefused(_("The upload was not found. Choose the file again."))
    try:
        numbers = [int(number) for number in numbers]
    except (TypeError, ValueError):
        raise UploadRefused(_("The upload was not found. Choose the file again.")) from None
    return {"urls": part_urls(storage, pending, numbers)}


@upload_endpoint
def complete(request, storage, body):
    finish_upload(storage, pending_from(request, body))
    return {"ok": True}


@upload_endpoint
def abort(request, storage, body):
    abandon_upload(storage, pending_from(request, body))
    return {"ok": True}


urlpatterns = [
    path("initiate/", initiate, name="initiate"),
    path("sign/", sign, name="sign"),
    path("complete/", complete, name="complete"),
    path("abort/", abort, name="abort"),
]
