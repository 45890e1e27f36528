"""Who may hear what, and how the bytes get to them.

Audio never streams through Django when it lives in S3: the stable URL checks the listener, then
redirects to a short-lived presigned URL. With local files (development, small installs) the
view serves the file itself and honours Range requests, because browsers seek with them and
Safari will not play audio without them.
"""

import re

from django.http import HttpResponse, StreamingHttpResponse
from storages.backends.s3 import S3Storage

from .models import PodcastFeedToken

STREAM_CHUNK_BYTES = 64 * 1024
# At most 18 digits a side: bigger than any file, and int() of a 5,000-digit string raises.
RANGE_HEADER = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")
UNSATISFIABLE = object()


# secrets.token_urlsafe(32): 43 characters of the URL-safe alphabet.
TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{20,64}\Z")


def listener_for(request, token=None):
    """(user, via_token) for the person a request speaks for: the owner of the feed token in
    the path (whose reach cms.core.access limits to live content), else the logged-in user,
    else (None, False)."""
    if token is not None:
        owner = PodcastFeedToken.owner_of(token) if TOKEN_FORMAT.match(token) else None
        return (owner, True) if owner else (None, False)
    if request.user.is_authenticated:
        return request.user, False
    return None, False


def legacy_token(request):
    """The old `?token=` form (before tokens moved into the path), when well formed."""
    key = request.GET.get("token")
    return key if key and TOKEN_FORMAT.match(key) else None


def uses_s3(storage):
    return isinstance(storage, S3Storage)


def parse_range(header, size):
    """(start, end) for a single satisfiable byte range, UNSATISFIABLE, or None to send it all."""
    match = RANGE_HEADER.match(header.replace(" ", ""))
    if not match:
        return None  # multiple or malformed ranges: ignoring Range is always allowed
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix range: the last N bytes
        length = int(last)
        if length == 0:
            return UNSATISFIABLE
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        return UNSATISFIABLE
    return start, min(end, size - 1)


def stream_range(file, start, length):
    try:
        file.seek(start)
        remaining = length
        while remaining > 0:
            chunk = file.read(min(STREAM_CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        file.close()


def ranged_file_response(request, audio):
    storage = audio.file.storage
    size = storage.size(audio.file.name)
    parsed = parse_range(request.headers.get("Range", ""), size)
    if parsed is UNSATISFIABLE:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    start, end = parsed or (0, size - 1)
    length = end - start + 1
    status = 206 if parsed else 200
    if request.method == "HEAD":
        response = HttpResponse(status=status)
    else:
        response = StreamingHttpResponse(
            stream_range(storage.open(audio.file.name, "rb"), start, length), status=status
        )
    response["Content-Length"] = str(length)
    if parsed:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    add_audio_headers(response, audio)
    return response


def add_audio_headers(response, audio):
    response["Content-Type"] = audio.mime_type or "application/octet-stream"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'inline; filename="{audio.slug}.{audio.extension}"'
    # Personal data about listening stays between the listener and us.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"


def presigned_audio_url(audio, expiry_seconds):
    return audio.file.storage.url(
        audio.file.name,
        parameters={
            "ResponseContentType": audio.mime_type,
            "ResponseContentDisposition": f'inline; filename="{audio.slug}.{audio.extension}"',
        },
        expire=expiry_seconds,
    )
