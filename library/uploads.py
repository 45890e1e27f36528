"""Audio uploads straight from the browser to S3, never through an app server.

1. `start_upload` creates a multipart upload under PENDING_PREFIX
   (`pending-uploads/<unix time>-<uuid>/<safe name>`, outside the private/ and public/
   locations) and hands the browser a signed token naming it. The size limit is checked first.
2. `part_urls` presigns `upload_part` URLs; the browser PUTs the parts itself, several at a
   time, and asks again for a part whose URL expired or whose upload failed.
3. `finish_upload` completes it from ListParts on the server (browsers cannot read a part's
   ETag unless the bucket's CORS rule exposes it; the server needs none of that), after
   checking that the parts add up to the size announced.
4. The form then sends only the token: `check_pending_upload` runs the usual content check
   (library.audio.inspect_audio) on the object through ranged GETs, a window of
   READ_WINDOW bytes at a time, so memory stays flat whatever the size; a refused object is
   deleted at once. `move_into_place` copies it to its final key in the private location
   (server side: no bytes through the app) and deletes the pending object.
5. `abandon_upload` (Cancel) aborts the multipart upload and deletes any completed object;
   `purge_pending_uploads` (manage.py purge_pending_uploads, daily) removes whatever was left
   older than a day, and the bucket's lifecycle rule in the README does the same on S3's side.
"""

import functools
import io
import math
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import PurePath

from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.storage import is_s3, storage_key

from .audio import AudioRejected, human_size, inspect_audio

PENDING_PREFIX = "pending-uploads/"
MIN_PART_SIZE = 8 * 1024 * 1024
MAX_PARTS = 10_000  # S3's limit
READ_WINDOW = 4 * 1024 * 1024
TOKEN_SALT = "library.uploads.pending"  # noqa: S105  (a namespace, not a secret)
TOKEN_MAX_AGE = 24 * 60 * 60


class UploadRefused(Exception):
    """The upload cannot go on; the message is for the editor."""


@dataclass(frozen=True)
class PendingUpload:
    key: str
    upload_id: str
    size: int
    filename: str


def direct_upload_storage():
    """The private store when it is S3 (uploads then go straight to it), else None."""
    storage = storages["default"]
    return storage if is_s3(storage) else None


def s3_client(storage):
    return storage.connection.meta.client


# Completing a multipart upload and copying the object are done by S3 in one call whose answer
# comes when the whole object is assembled: seconds for hundreds of megabytes, longer than the
# storage client's read timeout (AWS_S3_READ_TIMEOUT). One attempt: a retry of a completion
# that is still running on the server fails anyway.
ASSEMBLY_READ_TIMEOUT = 120


@functools.lru_cache(maxsize=8)
def _assembly_client(endpoint_url, region_name, access_key, secret_key, verify):
    import boto3

    session = boto3.session.Session(aws_access_key_id=access_key, aws_secret_access_key=secret_key)
    return session.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region_name,
        verify=verify,
        config=Config(
            connect_timeout=settings.AWS_S3_CONNECT_TIMEOUT,
            read_timeout=ASSEMBLY_READ_TIMEOUT,
            retries={"total_max_attempts": 1, "mode": "standard"},
            signature_version="s3v4",
        ),
    )


def assembly_client(storage):
    return _assembly_client(
        storage.endpoint_url,
        storage.region_name,
        storage.access_key,
        storage.secret_key,
        storage.verify,
    )


def max_upload_bytes():
    return settings.AUDIO_MAX_UPLOAD_MB * 1024 * 1024


def safe_filename(filename):
    path = PurePath(filename or "")
    stem = slugify(path.stem.split(".")[0])[:80] or "audio"
    suffix = slugify(path.suffix.lstrip("."))[:10]
    return f"{stem}.{suffix}" if suffix else stem


def part_size_for(size):
    return max(MIN_PART_SIZE, math.ceil(size / MAX_PARTS))


def sign_upload(user, pending):
    return signing.dumps(
        {
            "key": pending.key,
            "upload_id": pending.upload_id,
            "size": pending.size,
            "filename": pending.filename,
            "user": user.pk,
        },
        salt=TOKEN_SALT,
        compress=True,
    )


def read_upload(token, user):
    """The pending upload a token names, if it is this user's and not older than a day."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise UploadRefused(_("The upload was not found. Choose the file again.")) from error
    if data.get("user") != user.pk or not str(data.get("key", "")).startswith(PENDING_PREFIX):
        raise UploadRefused(_("The upload was not found. Choose the file again."))
    return PendingUpload(data["key"], data["upload_id"], int(data["size"]), data["filename"])


def check_size(size):
    if size <= 0:
        raise UploadRefused(_("The file is empty. Choose the audio file again."))
    if size > max_upload_bytes():
        raise UploadRefused(
            _("The file is %(size)s; the largest audio file accepted is %(limit)s.")
            % {"size": human_size(size), "limit": human_size(max_upload_bytes())}
        )


def start_upload(storage, user, filename, size):
    check_size(size)
    started = int(time.time())
    key = f"{PENDING_PREFIX}{started}-{uuid.uuid4().hex}/{safe_filename(filename)}"
    answer = s3_client(storage).create_multipart_upload(
        Bucket=storage.bucket_name, Key=key, ContentType="application/octet-stream"
    )
    pending = PendingUpload(key, answer["UploadId"], size, filename[:255])
    part_size = part_size_for(size)
    return {
        "token": sign_upload(user, pending),
        "part_size": part_size,
        "part_count": math.ceil(size / part_size),
    }


def part_urls(storage, pending, part_numbers):
    part_count = math.ceil(pending.size / part_size_for(pending.size))
    client = s3_client(storage)
    urls = {}
    for number in part_numbers:
        if not 1 <= number <= part_count:
            raise UploadRefused(_("The upload was not found. Choose the file again."))
        urls[str(number)] = client.generate_presigned_url(
            "upload_part",
            Params={
                "Bucket": storage.bucket_name,
                "Key": pending.key,
                "UploadId": pending.upload_id,
                "PartNumber": number,
            },
            ExpiresIn=settings.AWS_QUERYSTRING_EXPIRE,
        )
    return urls


def uploaded_parts(client, bucket, pending):
    parts, marker = [], 0
    while True:
        page = client.list_parts(
            Bucket=bucket, Key=pending.key, UploadId=pending.upload_id, PartNumberMarker=marker
        )
        parts += page.get("Parts", [])
        if not page.get("IsTruncated"):
            return parts
        marker = page["NextPartNumberMarker"]


def finish_upload(storage, pending):
    """Complete the multipart upload from the parts S3 holds, if they are the whole file."""
    client = s3_client(storage)
    parts = uploaded_parts(client, storage.bucket_name, pending)
    numbers = [part["PartNumber"] for part in parts]
    expected = math.ceil(pending.size / part_size_for(pending.size))
    if numbers != list(range(1, expected + 1)) or sum(p["Size"] for p in parts) != pending.size:
        raise UploadRefused(_("The upload failed. Check your connection and save again."))
    assembly_client(storage).complete_multipart_upload(
        Bucket=storage.bucket_name,
        Key=pending.key,
        UploadId=pending.upload_id,
        MultipartUpload={
            "Parts": [{"ETag": part["ETag"], "PartNumber": part["PartNumber"]} for part in parts]
        },
    )


def abandon_upload(storage, pending):
    """Cancel: abort the multipart upload (its parts go) and delete the object if completed."""
    client = s3_client(storage)
    try:
        client.abort_multipart_upload(
            Bucket=storage.bucket_name, Key=pending.key, UploadId=pending.upload_id
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("NoSuchUpload", "404"):
            raise
    client.delete_object(Bucket=storage.bucket_name, Key=pending.key)


class S3ObjectReader(io.RawIOBase):
    """A seekable read-only file over an S3 object: ranged GETs of READ_WINDOW bytes, one window
    kept. inspect_audio reads it as it reads a spooled upload, never the object whole."""

    def __init__(self, client, bucket, key):
        super().__init__()
        self.client, self.bucket, self.key = client, bucket, key
        self.size = client.head_object(Bucket=bucket, Key=key)["ContentLength"]
        self.position = 0
        self.window_start = 0
        self.window = b""
        self.bytes_fetched = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.size - self.position
        size = min(size, max(0, self.size - self.position))
        if size == 0:
            return b""
        start, end = self.position, self.position + size
        window_end = self.window_start + len(self.window)
        if not (self.window_start <= start and end <= window_end):
            if size > READ_WINDOW:
                data = self._fetch(start, end)
                self.position = end
                return data
            self.window_start = start
            self.window = self._fetch(start, min(self.size, start + READ_WINDOW))
        offset = start - self.window_start
        self.position = end
        return self.window[offset : offset + size]

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _fetch(self, start, end):
        answer = self.client.get_object(
            Bucket=self.bucket, Key=self.key, Range=f"bytes={start}-{end - 1}"
        )
        data = answer["Body"].read()
        self.bytes_fetched += len(data)
        return data


def check_pending_upload(storage, pending):
    """The uploaded object checked by content, as an upload through the form is; a refused
    object is deleted at once."""
    client = s3_client(storage)
    reader = S3ObjectReader(client, storage.bucket_name, pending.key)
    try:
        return inspect_audio(reader, max_bytes=max_upload_bytes())
    except AudioRejected:
        client.delete_object(Bucket=storage.bucket_name, Key=pending.key)
        raise


def discard_pending_upload(storage, pending):
    s3_client(storage).delete_object(Bucket=storage.bucket_name, Key=pending.key)


def move_into_place(storage, pending, name, content_type):
    """Copy the checked object to `name` in the private location (inside S3), then delete the
    pending one. Returns the stored name (never overwriting another file)."""
    client = s3_client(storage)
    final_name = storage.get_available_name(name)
    assembly_client(storage).copy_object(
        Bucket=storage.bucket_name,
        Key=storage_key(storage, final_name),
        CopySource={"Bucket": storage.bucket_name, "Key": pending.key},
        ContentType=content_type,
        MetadataDirective="REPLACE",
    )
    client.delete_object(Bucket=storage.bucket_name, Key=pending.key)
    return final_name


def started_at(key, fallback):
    """When an upload began: the time in its key (set by start_upload), else S3's timestamp.
    (The key is ours and the same everywhere; S3-compatible servers differ, e.g. moto gives
    every multipart upload the same Initiated date of 2010.)"""
    folder = key[len(PENDING_PREFIX) :].split("/", 1)[0]
    stamp = folder.split("-", 1)[0]
    if stamp.isdigit():
        return datetime.fromtimestamp(int(stamp), tz=UTC)
    return fallback


def purge_pending_uploads(storage, older_than=timedelta(days=1)):
    """Delete pending objects and abort multipart uploads started before `older_than` ago.
    Returns (objects deleted, uploads aborted)."""
    client = s3_client(storage)
    cutoff = timezone.now() - older_than
    deleted = aborted = 0
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=storage.bucket_name, Prefix=PENDING_PREFIX
    ):
        for item in page.get("Contents", []):
            if started_at(item["Key"], item["LastModified"]) <= cutoff:
                client.delete_object(Bucket=storage.bucket_name, Key=item["Key"])
                deleted += 1
    for page in client.get_paginator("list_multipart_uploads").paginate(
        Bucket=storage.bucket_name, Prefix=PENDING_PREFIX
    ):
        for upload in page.get("Uploads", []):
            if started_at(upload["Key"], upload["Initiated"]) <= cutoff:
                client.abort_multipart_upload(
                    Bucket=storage.bucket_name, Key=upload["Key"], UploadId=upload["UploadId"]
                )
                aborted += 1
    return deleted, aborted
