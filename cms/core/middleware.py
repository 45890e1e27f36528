"""Request guards that apply to every URL.

- StorageFaultMiddleware: an S3 failure no view handled (an image or document upload during an
  outage) is a 503 with Retry-After, not a 500.
"""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.http import HttpResponse

from cms.storage import note_storage_outage, storage_unavailable_message

logger = logging.getLogger(__name__)


class StorageFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (BotoCoreError, ClientError)):
            return None
        logger.error("Storage failed during %s %s", request.method, request.path, exc_info=True)
        note_storage_outage()
        response = HttpResponse(
            str(storage_unavailable_message()),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(settings.STORAGE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "private, no-store"
        return response
