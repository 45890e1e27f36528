"""Media storage against a real S3-protocol server (moto, over HTTP on loopback)."""

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
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
def test_images_go_to_the_public_location_renditions_unsigned_originals_signed(
    s3_bucket, s3_client
):
    cache.clear()  # Wagtail caches renditions by image id; ids repeat across rolled-back tests
    image = CustomImageFactory(title="Artwork")
    rendition = image.get_rendition("fill-300x300")

    assert s3_client.head_object(Bucket=s3_bucket, Key=f"public/{image.file.name}")
    assert image.file.name.startswith("original_images/")
    assert rendition.file.name.startswith("images/")
    assert image.file.storage.location == "public"
    assert "X-Amz-Signature" not in rendition.url
    assert "X-Amz-Signature" in image.file.url
    with urllib.request.urlopen(image.file.url, timeout=5) as response:
        assert response.status == 200


def readme_bucket_policy(bucket):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = readme.split("<!-- bucket-policy -->", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    return block.replace("heartandsoul-media", bucket)


def unsigned_get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db
def test_the_readme_bucket_policy_opens_renditions_and_not_originals(
    s3_bucket, s3_client, s3_endpoint
):
    """The README's policy on the S3-protocol server: an unsigned GET of a rendition works, of
    an original is refused."""
    cache.clear()  # Wagtail caches renditions by image id; ids repeat across rolled-back tests
    policy = readme_bucket_policy(s3_bucket)
    s3_client.put_bucket_policy(Bucket=s3_bucket, Policy=policy)
    image = CustomImageFactory(title="Artwork")
    rendition = image.get_rendition("fill-300x300")

    original_unsigned = f"{s3_endpoint}/{s3_bucket}/public/{image.file.name}"
    assert unsigned_get(rendition.url) == 200
    assert unsigned_get(original_unsigned) == 403
    # Private media under the same policy: refused unsigned too.
    name = default_storage.save("documents/private.txt", ContentFile(b"private"))
    assert unsigned_get(f"{s3_endpoint}/{s3_bucket}/private/{name}") == 403
    # Both match only the renditions' prefix, whatever the server enforces.
    resources = {statement["Resource"] for statement in json.loads(policy)["Statement"]}
    assert resources == {f"arn:aws:s3:::{s3_bucket}/public/images/*"}


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
