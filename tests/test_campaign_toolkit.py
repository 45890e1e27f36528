"""Campaign toolkit documents are private: they need a login, on the file system and on S3."""

import pytest

from campaigns.factories import CampaignPageFactory
from campaigns.models import CampaignIndexPage
from cms.core.taxonomy import Pillar
from tests.campaign_support import toolkit_document
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")


def campaign_with_toolkit(document):
    index = CampaignIndexPage.objects.get(locale__language_code="en")
    page = CampaignPageFactory(
        parent=index,
        slug="toolkit-campaign",
        pillar=Pillar.objects.get(locale__language_code="en", slug="awareness"),
        toolkit=[("document", {"document": document, "title": "", "description": ""})],
    )
    page.save_revision().publish()
    return page


@pytest.mark.django_db
def test_toolkit_documents_are_private_and_need_a_login(client, employee, settings):
    document = toolkit_document()
    page = campaign_with_toolkit(document)
    assert str(settings.PRIVATE_MEDIA_ROOT) in document.file.path

    client.force_login(employee)
    html = client.get(page.url).content.decode()
    assert f'href="{document.url}"' in html
    client.logout()

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "/login/?next=" in anonymous["Location"]

    client.force_login(employee)
    downloaded = client.get(document.url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == b"Slide 1: it is okay to ask"


@pytest.mark.django_db
def test_toolkit_documents_on_s3_are_private_objects(client, employee, s3_bucket, s3_client):
    import urllib.error
    import urllib.request

    document = toolkit_document("S3 slides")
    assert document.file.name
    key = f"private/{document.file.name}"
    assert s3_client.head_object(Bucket=s3_bucket, Key=key)

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "/login/?next=" in anonymous["Location"]

    # Straight to the bucket without a signature: refused.
    unsigned = f"{s3_client.meta.endpoint_url}/{s3_bucket}/{key}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=5)
    assert refused.value.code == 403

    client.force_login(employee)
    response = client.get(document.url)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "X-Amz-Signature=" in response["Location"]
