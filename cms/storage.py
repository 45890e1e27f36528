"""Where media lives.

Two storage aliases (see `STORAGES` in settings):
- "default" is private: audio, documents and anything else. On S3 its objects carry no public
  ACL and are reached only through short-lived SigV4 presigned URLs.
- "public" holds images (artwork, not sensitive), served without signatures, optionally through
  a CDN domain (`AWS_S3_CUSTOM_DOMAIN`).
"""

from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from django.core.files.storage import storages
from django.utils.functional import LazyObject, empty

PRIVATE_LOCATION = "private"
PUBLIC_LOCATION = "public"


def s3_client_config(connect_timeout, read_timeout, max_attempts):
    """Fail in seconds, not minutes: an S3 outage must not hang a worker."""
    return Config(
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"max_attempts": max_attempts, "mode": "standard"},
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
    connect_timeout=3,
    read_timeout=10,
    max_attempts=3,
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
