"""Static files, media, S3 (django-storages) and how storage faults are bounded."""

import os

from .env import BASE_DIR, PROJECT_DIR

# --- Static files and media ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
# WhiteNoise has no media type for the web app manifest (it would go out as octet-stream).
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Local-file home of private media (audio, documents). Never served by a URL of its own:
# it is read only through views that check who is asking.
PRIVATE_MEDIA_ROOT = BASE_DIR / "private-media"

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
# Credentials may also come from the instance role; only read them when given.
AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
# --- Storage faults (bounded: a hung S3 costs a worker seconds, never minutes) ---
# Every S3 call: connect and read timeouts, and the number of attempts *including the first*
# (botocore's total_max_attempts). Worst case on a hung server ~ attempts x (connect + read).
AWS_S3_CONNECT_TIMEOUT = float(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "2"))
AWS_S3_READ_TIMEOUT = float(os.environ.get("AWS_S3_READ_TIMEOUT", "5"))
AWS_S3_MAX_ATTEMPTS = int(os.environ.get("AWS_S3_MAX_ATTEMPTS", "2"))
# Checks made while someone waits (/healthz, the audio URL, before an upload): one attempt with
# this connect/read timeout, and the whole check abandoned after STORAGE_CHECK_DEADLINE.
STORAGE_CHECK_TIMEOUT = float(os.environ.get("STORAGE_CHECK_TIMEOUT", "1"))
STORAGE_CHECK_DEADLINE = float(os.environ.get("STORAGE_CHECK_DEADLINE", "2.5"))
# After a storage failure, audio answers 503 at once with this Retry-After, for this long.
STORAGE_RETRY_AFTER_SECONDS = int(os.environ.get("STORAGE_RETRY_AFTER_SECONDS", "60"))
# Lifetime of presigned URLs to private objects (documents, audio).
AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "600"))


def build_storages(bucket_name, endpoint_url=None):
    """The STORAGES setting: S3 when a bucket is configured, local files otherwise."""
    from cms.storage import s3_storage_options

    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if bucket_name:
        s3 = {
            "bucket_name": bucket_name,
            "endpoint_url": endpoint_url,
            "region_name": AWS_S3_REGION_NAME,
            "access_key": AWS_ACCESS_KEY_ID,
            "secret_key": AWS_SECRET_ACCESS_KEY,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            "connect_timeout": AWS_S3_CONNECT_TIMEOUT,
            "read_timeout": AWS_S3_READ_TIMEOUT,
            "max_attempts": AWS_S3_MAX_ATTEMPTS,
            "presigned_url_expiry": AWS_QUERYSTRING_EXPIRE,
        }
        backend = "storages.backends.s3.S3Storage"
        # Renditions unsigned (public/images/), originals signed: see cms.storage.
        public_backend = "cms.storage.PublicMediaS3Storage"
        return {
            "default": {"BACKEND": backend, "OPTIONS": s3_storage_options(public=False, **s3)},
            "public": {
                "BACKEND": public_backend,
                "OPTIONS": s3_storage_options(public=True, **s3),
            },
            "staticfiles": staticfiles,
        }
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
        "public": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
        },
        "staticfiles": staticfiles,
    }


# "default" is private (audio, documents and anything not said otherwise); "public" holds
# images, which are artwork and safe to serve without signing.
STORAGES = build_storages(AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL)
# Renditions in the "public" alias, looked up when used (so a test or the environment decides).
WAGTAILIMAGES_RENDITION_STORAGE = "cms.storage.get_public_storage"
