"""Media storage against a real S3-protocol server (moto, over HTTP on loopback)."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from cms.core.factories import CustomImageFactory
from cms.storage import private_storage, public_storage


@pytest.mark.django_db
def test_private_file_lands_in_s3_and_reads_back_byte_for_byte(s3_bucket, s3_client):
    payload = bytes(range(256)) * 64
    name = default_storage.save("documents/burnout-toolkit.pdf", ContentFile(payload))

    stored = s3_client.get_object(Bucket=s3_bucket, Key=f"private/{name}")
    assert stored["Body"].read() == payload
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == payload


@pytest.mark.django_db
def test_private_file_url_is_presigned_and_expires(s3_bucket, settings):
    name = default_storage.save("documents/poster.pdf", ContentFile(b"%PDF-1.4 poster"))

    url = default_storage.url(name)
    query = parse_qs(urlparse(url).query)

    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(settings.AWS_QUERYSTRING_EXPIRE)]
    assert "X-Amz-Signature" in query
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"%PDF-1.4 poster"


@pytest.mark.django_db
def test_private_objects_are_not_publicly_readable(s3_bucket, s3_client):
    name = default_storage.save("documents/private.txt", ContentFile(b"private"))

    acl = s3_client.get_object_acl(Bucket=s3_bucket, Key=f"private/{name}")
    everyone = "http://acs.amazonaws.com/groups/global/AllUsers"
    assert not [grant for grant in acl["Grants"] if grant["Grantee"].get("URI") == everyone]


@pytest.mark.django_db
def test_files_are_never_overwritten(s3_bucket):
    first = default_storage.save("documents/notes.txt", ContentFile(b"first"))
    second = default_storage.save("documents/notes.txt", ContentFile(b"second"))

    assert first != second
    with default_storage.open(first) as handle:
        assert handle.read() == b"first"


@pytest.mark.django_db
def test_images_go_to_the_public_location_with_unsigned_urls(s3_bucket, s3_client):
    image = CustomImageFactory(title="Artwork")

    key = f"public/{image.file.name}"
    assert s3_client.head_object(Bucket=s3_bucket, Key=key)["ContentLength"] > 0
    assert "X-Amz-Signature" not in image.file.url
    assert image.file.storage.location == "public"


@pytest.mark.django_db
def test_aliased_storages_follow_the_current_setting(s3_bucket, settings, tmp_path):
    assert private_storage.location == "private"
    assert public_storage.bucket_name == s3_bucket

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    assert storages["default"].location == str(tmp_path)
    assert private_storage.location == str(tmp_path)
