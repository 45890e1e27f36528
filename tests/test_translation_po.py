"""PO download and upload through wagtail-localize's real admin views: a round trip, and bad
files refused with a clear message and nothing changed. Sync after a source change, and a
deleted source page leaves no broken translation behind."""

import polib
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation

from cms.core.factories import StandardPageFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADING = "Why talking helps"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="po-admin", is_superuser=True, is_staff=True))
    return client


def translation_of(page, language):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code=language
    )


def download(admin_client, translation):
    response = admin_client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation"
    return polib.pofile(response.content.decode())


def upload(admin_client, translation, content, name="page.po"):
    edit_url = reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])
    file = SimpleUploadedFile(name, content, content_type="text/x-gettext-translation")
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": file, "next": edit_url},
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def translated_strings(translation):
    return dict(
        StringTranslation.objects.filter(
            locale=translation.target_locale, context__object=translation.source.object
        ).values_list("translation_of__data", "data")
    )


def test_po_round_trip_through_the_admin(admin_client, site_tree):
    translation = translation_of(site_tree["en"], "sv")
    po = download(admin_client, translation)
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)
    entry = next(e for e in po if e.msgid == HEADING)
    entry.msgstr = "Därför hjälper det att prata med någon"

    feedback = upload(admin_client, translation, str(po).encode())

    assert feedback == ["Successfully imported translations from PO File."]
    assert translated_strings(translation)[HEADING] == "Därför hjälper det att prata med någon"
    # The next download carries the translation, and the page gets it when saved.
    again = download(admin_client, translation)
    assert next(e for e in again if e.msgid == HEADING).msgstr.startswith("Därför hjälper")
    translation.save_target(publish=True)
    swedish = Page.objects.get(pk=site_tree["sv"].pk).specific
    assert "Därför hjälper det att prata med någon" in str(swedish.body)


def refused(admin_client, translation, content, expected, name="page.po"):
    before = translated_strings(translation)
    feedback = upload(admin_client, translation, content, name=name)
    assert expected in feedback[-1], feedback
    assert not any("Successfully imported" in message for message in feedback)
    assert translated_strings(translation) == before


def test_a_po_file_for_another_language_is_refused(admin_client, site_tree):
    german = download(admin_client, translation_of(site_tree["en"], "de"))
    for entry in german:
        entry.msgstr = "Auf Deutsch"
    refused(
        admin_client,
        translation_of(site_tree["en"], "sv"),
        str(german).encode(),
        "belongs to another page or language",
    )


def test_a_po_file_for_another_page_is_refused(admin_client, site_tree):
    other = StandardPageFactory(parent=site_tree["en"], title="Other page", slug="other-po")
    other.save_revision().publish()
    admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[other.pk]),
        {"locales": [site_tree["sv"].locale_id]},
    )
    other_po = download(admin_client, translation_of(other, "sv"))
    for entry in other_po:
        entry.msgstr = "Annan sida"
    refused(
        admin_client,
        translation_of(site_tree["en"], "sv"),
        str(other_po).encode(),
        "belongs to another page or language",
    )


def test_a_po_file_without_its_translation_header_is_refused(admin_client, site_tree):
    translation = translation_of(site_tree["en"], "sv")
    po = download(admin_client, translation)
    del po.metadata["X-WagtailLocalize-TranslationID"]
    refused(admin_client, translation, str(po).encode(), "belongs to another page or language")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
        b'msgid "unterminated\nmsgstr ""\n',
        b"just some words, not a PO file",
    ],
)
def test_a_malformed_file_is_refused(admin_client, site_tree, content):
    refused(
        admin_client,
        translation_of(site_tree["en"], "sv"),
        content,
        "not a valid PO file",
    )


def test_an_upload_without_a_file_is_refused(admin_client, site_tree):
    translation = translation_of(site_tree["en"], "sv")
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    assert [str(m).strip() for m in get_messages(response.wsgi_request)] == [
        "Choose a PO file to upload."
    ]


def test_a_translation_that_breaks_a_link_is_refused_whole(admin_client, site_tree):
    page = StandardPageFactory(
        parent=site_tree["en"],
        title="Links",
        slug="links-po",
        body=[("paragraph", '<p>Read <a href="https://example.com/">our guide</a> first.</p>')],
    )
    page.save_revision().publish()
    admin_client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [site_tree["sv"].locale_id]},
    )
    translation = translation_of(page, "sv")
    po = download(admin_client, translation)
    linked = next(e for e in po if "<a" in e.msgid)
    linked.msgstr = "Läs vår guide först."  # the link is gone
    title = next(e for e in po if e.msgid == "Links")
    title.msgstr = "Länkar"  # fine on its own, but the file is refused whole

    refused(admin_client, translation, str(po).encode(), "does not keep the source")
    assert "Links" not in translated_strings(translation)


def test_a_translator_cannot_upload_into_a_language_they_may_not_edit(client, site_tree):
    client.force_login(UserFactory(username="po-nobody", is_staff=True))
    translation = translation_of(site_tree["en"], "sv")
    po = download_as_admin(translation)
    for entry in po:
        entry.msgstr = "Obehörig"
    before = translated_strings(translation)
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("x.po", str(po).encode())},
    )
    assert response.status_code in (302, 403)
    assert translated_strings(translation) == before


def download_as_admin(translation):
    from django.test import Client

    admin = Client()
    admin.force_login(UserFactory(username="po-admin-2", is_superuser=True, is_staff=True))
    return download(admin, translation)


def test_sync_after_a_source_change_offers_the_new_text(admin_client, site_tree):
    english = site_tree["en"].specific
    translation = translation_of(english, "sv")
    english.introduction = "A brand new introduction to translate."
    english.save_revision().publish()

    response = admin_client.post(
        reverse("wagtail_localize:update_translations", args=[translation.source_id]), {}
    )
    assert response.status_code == 302

    po = download(admin_client, translation)
    new = next(e for e in po if e.msgid == "A brand new introduction to translate.")
    assert new.msgstr == ""
    # Earlier translations are kept.
    assert any(e.msgstr for e in po if e.msgid != new.msgid)


def test_deleting_a_source_page_leaves_no_broken_translation(
    admin_client, client, employee, site_tree
):
    client = type(client)()
    english = StandardPageFactory(parent=site_tree["en"], title="Going away", slug="going-away")
    english.save_revision().publish()
    swedish = english.copy_for_translation(site_tree["sv"].locale)
    swedish.title = "Försvinner"
    swedish.save_revision().publish()
    client.force_login(employee)

    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[english.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk=english.pk).exists()
    assert not Translation.objects.filter(source__object_id=english.translation_key).exists()

    # The Swedish page stands on its own: it renders, and links to no deleted page.
    response = client.get(swedish.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/en/going-away/" not in html
    assert client.get("/en/going-away/").status_code == 404
