"""Admin views for audio uploads with progress (library/static/library/audio_upload.js)."""

from django.http import JsonResponse
from django.utils.functional import cached_property


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
