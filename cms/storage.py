"""Where media lives.

Two storage aliases (see `STORAGES` in settings):
- "default" is private: audio, documents and anything else. On S3 its objects carry no public
  ACL and are reached only through short-lived SigV4 presigned URLs.
- "public" holds images (artwork, not sensitive), served without signatures, optionally through
  a CDN domain (`AWS_S3_CUSTOM_DOMAIN`).
"""

import functools
import hashlib
import logging
import threading
import uuid

from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectTimeoutError, ReadTimeoutError
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

logger = logging.getLogger(__name__)

PRIVATE_LOCATION = "private"
PUBLIC_LOCATION = "public"


def s3_client_config(connect_timeout, read_timeout, max_attempts):
    """Fail in seconds, not minutes: an S3 outage must not hang a worker.

    `max_attempts` counts every attempt, the first included. botocore's `retries` option of the
    same name counts *retries* (so 3 meant four attempts); `total_max_attempts` is the total.
    A hung server therefore holds a call for at most about
    max_attempts x (connect_timeout + read_timeout) plus under a second of back-off.
    """
    return Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"total_max_attempts": max_attempts, "mode": "standard"},
        signature_version="s3v4",
    )


# Large uploads go up in 8 MB parts, four at a time, with at most four parts buffered:
# memory stays near 4 x 8 MB however big the file. (Through django-storages the upload is a
# stream, for which boto3 by default buffers ten parts: ~100 MB for a 200 MB file.)
UPLOAD_TRANSFER_CONFIG = TransferConfig(
    multipart_threshold=8 * 1024 * 1024,
    multipart_chunksize=8 * 1024 * 1024,
    max_concurrency=4,
)
UPLOAD_TRANSFER_CONFIG.max_in_memory_upload_chunks = 4


def s3_storage_options(
    *,
    public,
    bucket_name,
    endpoint_url=None,
    region_name=None,
    access_key=None,
    secret_key=None,
    custom_domain=None,
    connect_timeout=2,
    read_timeout=5,
    max_attempts=2,
    presigned_url_expiry=600,
):
    """OPTIONS for `storages.backends.s3.S3Storage`.

    Everything is passed in explicitly because settings call this while they are being built.
    """
    options = {
        "bucket_name": bucket_name,
        "endpoint_url": endpoint_url,
        "region_name": region_name,
        "access_key": access_key,
        "secret_key": secret_key,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "client_config": s3_client_config(connect_timeout, read_timeout, max_attempts),
        "transfer_config": UPLOAD_TRANSFER_CONFIG,
    }
    if public:
        # Readable through the bucket policy (or CDN) on the public/ prefix, not per-object ACLs,
        # which many buckets disable.
        return options | {
            "location": PUBLIC_LOCATION,
            "querystring_auth": False,
            "default_acl": None,
            "custom_domain": custom_domain,
        }
    return options | {
        "location": PRIVATE_LOCATION,
        "querystring_auth": True,
        "querystring_expire": presigned_url_expiry,
        "default_acl": "private",
        # A CDN domain would hand out unsigned URLs; private objects are always signed by S3.
        "custom_domain": None,
    }


# Wagtail keeps image uploads (originals) under original_images/ and renditions under images/.
# Only renditions are public: originals may carry what an editor cropped out, metadata, or a
# photo never meant to be published, and their names are guessable from the rendition's.
PUBLIC_RENDITIONS_PREFIX = "images/"
ORIGINAL_IMAGES_PREFIX = "original_images/"


class PublicMediaS3Storage(S3Storage):
    """The "public" store: renditions (artwork) by plain URL, which the bucket policy (or the
    CDN's origin path) opens for `public/images/` only; originals by short-lived signed URL.
    The README's bucket policy matches."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not clean_name(name).startswith(ORIGINAL_IMAGES_PREFIX):
            return super().url(name, parameters, expire, http_method)
        params = {
            **(parameters or {}),
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(clean_name(name)),
        }
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=expire or settings.AWS_QUERYSTRING_EXPIRE,
            HttpMethod=http_method,
        )


class AliasedStorage(LazyObject):
    """The storage configured under a `STORAGES` alias, looked up when first used.

    A model field's storage is fixed when the model class is built; this indirection lets the
    environment (or a test) decide what sits behind the alias.
    """

    def __init__(self, alias):
        super().__init__()
        self.__dict__["alias"] = alias

    def _setup(self):
        self._wrapped = storages[self.alias]

    def __reduce__(self):
        return (AliasedStorage, (self.alias,))


public_storage = AliasedStorage("public")
private_storage = AliasedStorage("default")


def get_public_storage():
    """Callable for `FileField(storage=...)`, so migrations record a reference, not a backend."""
    return public_storage


def get_private_storage():
    return private_storage


def reset_aliased_storages(*, setting, **kwargs):
    """`setting_changed` handler (wired in CoreConfig.ready): follow STORAGES overrides."""
    if setting == "STORAGES":
        public_storage._wrapped = empty
        private_storage._wrapped = empty


# --- Outages ------------------------------------------------------------------------------
# What a storage call raises when the store is down, hung, misconfigured or missing its bucket.
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)
STORAGE_OUTAGE_CACHE_KEY = "storage:outage"
HEALTH_PROBE_NAME = "healthz/probe"


def storage_unavailable_message():
    return _("Storage is unavailable, nothing was saved; try again in a few minutes.")


def outage_cache_key(storage):
    """One key per store (endpoint and bucket, or folder), so one store's outage is not
    blamed on another."""
    if is_s3(storage):
        where = f"{storage.endpoint_url or 'aws'}/{storage.bucket_name}"
    else:
        where = str(getattr(storage, "location", ""))
    return f"{STORAGE_OUTAGE_CACHE_KEY}:{hashlib.sha256(where.encode()).hexdigest()[:32]}"


def note_storage_outage(storage=None):
    """Remember for STORAGE_RETRY_AFTER_SECONDS that storage failed, so the requests that follow
    answer 503 at once instead of each waiting out the timeouts (shared across app servers
    when the cache is Redis)."""
    storage = storage or storages["default"]
    cache.set(outage_cache_key(storage), True, settings.STORAGE_RETRY_AFTER_SECONDS)


def storage_outage_noted(storage=None):
    return bool(cache.get(outage_cache_key(storage or storages["default"])))


def clear_storage_outage(storage=None):
    cache.delete(outage_cache_key(storage or storages["default"]))


def is_s3(storage):
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    return isinstance(storage, S3Storage)


@functools.lru_cache(maxsize=8)
def _check_client(endpoint_url, region_name, access_key, secret_key, verify, timeout):
    import boto3

    session = boto3.session.Session(aws_access_key_id=access_key, aws_secret_access_key=secret_key)
    return session.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region_name,
        verify=verify,
        config=Config(
            connect_timeout=timeout,
            read_timeout=timeout,
            retries={"total_max_attempts": 1, "mode": "standard"},
            signature_version="s3v4",
        ),
    )


def check_client(storage):
    """A client for checks made while someone waits (health, audio, before an upload): one
    attempt, STORAGE_CHECK_TIMEOUT for connect and read, so a hung server costs about a second."""
    return _check_client(
        storage.endpoint_url,
        storage.region_name,
        storage.access_key,
        storage.secret_key,
        storage.verify,
        settings.STORAGE_CHECK_TIMEOUT,
    )


def storage_key(storage, name):
    return f"{storage.location}/{name}" if storage.location else name


class StorageProblem(Exception):
    """Which part of the store failed, in words safe for a public health body."""

    def __init__(self, part):
        super().__init__(part)
        self.part = part


def _probe_s3(storage, write):
    client = check_client(storage)
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except ClientError as error:
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        raise StorageProblem("bucket missing" if status == 404 else "bucket refused") from error
    except (ConnectTimeoutError, ReadTimeoutError) as error:
        raise StorageProblem("timed out") from error
    except BotoCoreError as error:
        raise StorageProblem("unavailable") from error
    if not write:
        return
    key = storage_key(storage, HEALTH_PROBE_NAME)
    try:
        client.put_object(Bucket=storage.bucket_name, Key=key, Body=b"ok")
        client.delete_object(Bucket=storage.bucket_name, Key=key)
    except (BotoCoreError, ClientError) as error:
        raise StorageProblem("not writable") from error


def _probe_files(storage, write):
    try:
        if write:
            probe = storage.save(f"{HEALTH_PROBE_NAME}-{uuid.uuid4().hex}", ContentFile(b"ok"))
            storage.delete(probe)
        else:
            storage.listdir("")
    except OSError as error:
        raise StorageProblem("not writable") from error


def probe_storage(storage=None, *, write=True, deadline=None):
    """Raise StorageProblem unless the private store answers, has its bucket, and (with `write`)
    takes a small probe object, all within `deadline` seconds (STORAGE_CHECK_DEADLINE).

    The probe runs in a thread so the caller's wait is bounded whatever the store does; the
    thread itself ends within the check client's timeouts."""
    storage = storage or storages["default"]
    deadline = settings.STORAGE_CHECK_DEADLINE if deadline is None else deadline
    probe = _probe_s3 if is_s3(storage) else _probe_files
    outcome = {}

    def run():
        try:
            probe(storage, write)
        except StorageProblem as problem:
            outcome["problem"] = problem
        except Exception as error:
            logger.warning("Storage probe failed: %r", error)
            outcome["problem"] = StorageProblem("unavailable")
        else:
            outcome["ok"] = True

    worker = threading.Thread(target=run, name="storage-probe", daemon=True)
    worker.start()
    worker.join(deadline)
    if "problem" in outcome:
        raise outcome["problem"]
    if "ok" not in outcome:
        raise StorageProblem("timed out")


def object_exists_quickly(storage, name):
    """storage.exists() through the check client: a HEAD that gives up within about a second."""
    try:
        check_client(storage).head_object(
            Bucket=storage.bucket_name, Key=storage_key(storage, name)
        )
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            return False
        raise
    return True


class StorageOutageFormErrorMixin:
    """For admin create/edit views of models with files: an outage becomes a form error, not a
    500. The store is probed first (quickly), and a failure while saving rolls the row back
    (the view saves inside a transaction), so nothing is left behind."""

    def form_valid(self, form):
        if form.files:
            try:
                probe_storage(write=False)
            except StorageProblem as problem:
                logger.warning("Upload refused, storage %s", problem.part)
                return self.storage_failed(form)
        try:
            return super().form_valid(form)
        except STORAGE_ERRORS:
            logger.exception("Upload failed: storage error")
            note_storage_outage()
            return self.storage_failed(form)

    def storage_failed(self, form):
        form.add_error(None, storage_unavailable_message())
        # Shown in the admin's error banner (and in JSON answers) as well as on the form.
        self.produced_error_message = storage_unavailable_message()
        return self.form_invalid(form)
