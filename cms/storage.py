"""Where media lives.

Two storage aliases (see `STORAGES` in settings):
- "default" is private: audio, documents and anything else. On S3 its objects carry no public
  ACL and are reached only through short-lived SigV4 presigned URLs.
- "public" holds images (artwork, not sensitive), served without signatures, optionally through
  a CDN domain (`AWS_S3_CUSTOM_DOMAIN`).
"""

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
