"""wagtail-localize behaviour the patches work around: live rows, URLs, templates and hooks."""

import inspect
from pathlib import Path

import pytest
import wagtail_localize
from django.template.loader import get_template
from django.urls import resolve, reverse
from wagtail import hooks
from wagtail_localize.models import Translation, TranslationSource

from cms.core.vendor_patches import localize as localize_patches
from cms.workflows import roles
from tests.vendor_patches.support import request_as

pytestmark = pytest.mark.django_db


LOCALIZE_TEMPLATES = Path(wagtail_localize.__file__).parent / "templates"


def swedish_translation_of(page):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="sv"
    )


@pytest.fixture
def campaign(site_tree):
    """An English campaign with a story (heading, paragraph, conversation starter), translated
    to Swedish through wagtail-localize, its index first."""
    from wagtail.rich_text import RichText

    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
    from cms.core.demo import translate_demo_object
    from tests.trees import published

    swedish = site_tree["sv"].locale
    index = published(CampaignIndexPageFactory(parent=site_tree["en"]))
    english = published(
        CampaignPageFactory(
            parent=index,
            title="Let's talk about burnout",
            introduction="A month of talking about how we really are.",
            body=[
                ("heading", {"text": "Why it matters", "level": "h2"}),
                ("paragraph", RichText("<p>Burnout builds slowly.</p>")),
                (
                    "conversation_starter",
                    {"question": "How are you, really?", "guidance": "Listen first."},
                ),
            ],
        )
    )
    translate_demo_object(index, swedish, {"Campaigns": "Kampanjer"})
    translate_demo_object(
        english,
        swedish,
        {
            "Let's talk about burnout": "Vi pratar om utbrändhet",
            "A month of talking about how we really are.": "En månad av samtal om hur vi mår.",
            "Why it matters": "Varför det spelar roll",
        },
    )
    return english


def test_vendor_behaviour_draft_translation_keeps_live_row(campaign):
    """Unwrapped, wagtail-localize's draft save writes into a live translation's row."""
    from campaigns.models import CampaignPage

    english = CampaignPage.objects.get(pk=campaign.pk)
    swedish = english.get_translation(swedish_translation_of(english).target_locale)
    assert swedish.live and swedish.introduction == "En månad av samtal om hur vi mår."
    english.introduction = "Wording that has not been reviewed in Swedish."
    english.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(english)

    vendor_method = TranslationSource.create_or_update_translation.__wrapped__
    vendor_method(source, swedish.locale, publish=False, fallback=True)

    swedish = CampaignPage.objects.get(pk=swedish.pk)
    assert swedish.introduction == "Wording that has not been reviewed in Swedish."
    assert TranslationSource.create_or_update_translation.keeps_live_rows


def test_vendor_behaviour_po_upload_url(rf, role_users, site_tree):
    """wagtail-localize's upload raises KeyError without a file or without the header; the
    project's guard answers its address."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    translation = swedish_translation_of(site_tree["en"])
    admin = role_users["Administrators"]
    with pytest.raises(KeyError):
        localize_patches.upload_pofile(request_as(rf, admin, "post"), translation.pk)
    headerless = SimpleUploadedFile(
        "sv.po", b'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\nmsgid "Hello"\nmsgstr "Hej"\n'
    )
    with pytest.raises(KeyError, match="X-WagtailLocalize-TranslationID"):
        localize_patches.upload_pofile(
            request_as(rf, admin, "post", data={"file": headerless}), translation.pk
        )

    address = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    assert address == reverse("checked_upload_pofile", args=[translation.pk])
    assert resolve(address).url_name == "checked_upload_pofile"


def test_vendor_behaviour_snippet_submit_url():
    """wagtail-localize checks only submit_translation before translating a snippet, and
    publishes a translation of a snippet without drafts."""
    from wagtail_localize import operations
    from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView

    dispatch = inspect.getsource(SubmitSnippetTranslationView.dispatch)
    assert '"wagtail_localize.submit_translation"' in dispatch
    assert "add_" not in dispatch and "publish" not in dispatch
    creator = inspect.getsource(operations.TranslationCreator.create_translations)
    assert "publish = not isinstance(instance, DraftStateMixin)" in creator

    args = ["support", "helpline", 1]
    address = reverse("wagtail_localize:submit_snippet_translation", args=args)
    assert address == reverse("workflows_submit_snippet_translation", args=args)
    assert resolve(address).func.view_class is localize_patches.ReviewedSubmitSnippetTranslationView


def test_vendor_behaviour_convert_to_alias_url(rf, role_users, site_tree):
    """wagtail-localize lets anyone who may edit a translation turn it into an alias of its
    source (published); the project's view answers its address and hides its menu item."""
    from wagtail_localize.wagtail_hooks import ConvertToAliasPageActionMenuItem

    swedish, english = site_tree["sv"], site_tree["en"]
    translator = role_users[roles.TRANSLATORS]
    assert swedish.permissions_for_user(translator).can_edit()
    assert not swedish.permissions_for_user(translator).can_publish()

    request = request_as(rf, translator, "post")
    response = localize_patches.convert_to_alias(request, swedish.pk)

    assert response.status_code == 302
    swedish.refresh_from_db()
    assert swedish.alias_of_id == english.pk

    assert ConvertToAliasPageActionMenuItem.name == localize_patches.CONVERT_TO_ALIAS_MENU_ITEM
    address = reverse("wagtail_localize:convert_to_alias", args=[swedish.pk])
    assert address == reverse("workflows_convert_to_alias", args=[swedish.pk])
    assert resolve(address).url_name == "workflows_convert_to_alias"


def test_vendor_behaviour_update_translations_url(
    rf, role_users, site_tree, django_capture_on_commit_callbacks
):
    """wagtail-localize's "Sync translated pages" publishes for anyone who may submit
    translations; the project's subclass answers its address."""
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    translation = swedish_translation_of(site_tree["en"])
    swedish = site_tree["sv"]
    translator = role_users[roles.TRANSLATORS]
    assert not swedish.permissions_for_user(translator).can_publish()
    before = swedish.live_revision_id

    request = request_as(rf, translator, "post", data={"publish_translations": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        response = UpdateTranslationsView.as_view()(
            request, translation_source_id=translation.source_id
        )

    assert response.status_code == 302
    swedish.refresh_from_db()
    assert swedish.live_revision_id != before

    address = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    assert address == reverse("workflows_update_translations", args=[translation.source_id])
    assert resolve(address).func.view_class is localize_patches.ReviewedUpdateTranslationsView


def test_vendor_behaviour_untranslated_segment_paths(campaign):
    """Segment context paths are the field name, or '<field>.<block id>…' for StreamField
    blocks; SourceLanguageParts splits them that way."""
    from wagtail_localize.models import StringSegment

    from campaigns.models import CampaignPage

    english = CampaignPage.objects.get(pk=campaign.pk)
    source = TranslationSource.objects.get_for_instance(english)
    paths = set(StringSegment.objects.filter(source=source).values_list("context__path", flat=True))
    assert {"title", "introduction"} <= paths
    block_ids = {block.id for block in english.body}
    body_paths = [path.split(".") for path in paths if path.startswith("body.")]
    assert body_paths
    assert all(parts[1] in block_ids for parts in body_paths)


def test_vendor_behaviour_edit_translation_template():
    """The override extends wagtail-localize's template through its content block; the
    editor's alias link has the address the override hides; and wagtail-localize's edit hooks
    serve the editor after the project's hooks have seen the POST."""
    from wagtail_localize.views import edit_translation

    name = "wagtail_localize/admin/edit_translation.html"
    assert "{% block content %}" in (LOCALIZE_TEMPLATES / name).read_text()
    project_template = get_template(name)
    assert "cms/workflows/templates" in project_template.origin.name
    assert '"wagtail_localize:convert_to_alias"' in inspect.getsource(edit_translation)
    assert "/convert_to_alias/" in reverse("wagtail_localize:convert_to_alias", args=[1])

    for hook_name, ours in (
        ("before_edit_page", "review_hooks_on_page_edit"),
        ("before_edit_snippet", "translators_edit_only_other_languages"),
    ):
        order = [(fn.__module__, fn.__name__) for fn in hooks.get_hooks(hook_name)]
        vendor = ("wagtail_localize.wagtail_hooks", hook_name)
        assert vendor in order
        assert order.index(("cms.workflows.wagtail_hooks", ours)) < order.index(vendor)
