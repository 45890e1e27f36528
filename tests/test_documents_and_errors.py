import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection


@pytest.fixture
def toolkit(db):
    Document = get_document_model()
    document = Document(title="Burnout toolkit", collection=Collection.get_first_root_node())
    document.file.save("burnout-toolkit.txt", ContentFile(b"Five ways to start the conversation"))
    document.save()
    return document


@pytest.mark.django_db
def test_documents_need_a_login(client, toolkit):
    response = client.get(toolkit.url)
    assert response.status_code == 302
    assert "/login/?next=" in response["Location"]


@pytest.mark.django_db
def test_logged_in_employee_downloads_a_document(client, toolkit, employee):
    client.force_login(employee)
    response = client.get(toolkit.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Five ways to start the conversation"


@pytest.mark.django_db
def test_documents_are_stored_privately(toolkit, settings):
    assert str(settings.PRIVATE_MEDIA_ROOT) in toolkit.file.path
    assert str(settings.MEDIA_ROOT) not in toolkit.file.path


@pytest.mark.django_db
def test_unknown_page_gets_the_friendly_404(client, employee):
    client.force_login(employee)
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "We couldn" in response.content.decode()
