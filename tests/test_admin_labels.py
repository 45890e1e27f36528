"""Every label in the admin edit forms of the project's page types and snippets is translated:
it reads differently in Swedish than in English. Guards against a new field whose label Django
derives from its name ("phone number") and so stays in English in every language."""

import pytest
from django import forms
from django.apps import apps
from django.forms.utils import pretty_name
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    Page,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.snippets.models import get_snippet_models

from campaigns.models import CampaignPage
from cms.support.models import Helpline
from library.models import PlaylistPage

PROJECT_APPS = {"core", "support", "workflows", "library", "campaigns", "search"}

# Fields Wagtail adds itself (page title, slug, promote settings, scheduled publishing, …):
# Wagtail's own catalogues translate them, or not, and that is not ours to test.
WAGTAIL_CLASSES = [
    Page,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
    Orderable,
]
WAGTAIL_FORM_FIELDS = {"comment_notifications", "comments"}

# (model, field): labels that are the same in both languages on purpose. Proper names only.
SAME_IN_SWEDISH = {}


def project_models(models):
    return sorted(
        (model for model in models if model._meta.app_label in PROJECT_APPS),
        key=lambda model: model._meta.label,
    )


PAGE_MODELS = project_models(
    model for model in apps.get_models() if issubclass(model, Page) and model is not Page
)
SNIPPET_MODELS = project_models(get_snippet_models())


def is_wagtails_own(model, name):
    if name in WAGTAIL_FORM_FIELDS:
        return True
    return any(
        issubclass(model, cls) and name in {field.name for field in cls._meta.get_fields()}
        for cls in WAGTAIL_CLASSES
    )


def form_classes(form_class, model):
    """The edit form and the forms of its inline panels (playlist items, campaign topics)."""
    yield model, form_class
    for name, formset in getattr(form_class, "formsets", {}).items():
        if name not in WAGTAIL_FORM_FIELDS:
            yield from form_classes(formset.form, formset.model)


def labels(form_class, model, language):
    """{(model label, field name): the field's label in `language`}, as the form shows it."""
    with translation.override(language):
        return {
            (model._meta.label, name): str(
                pretty_name(name) if field.label is None else field.label
            )
            for name, field in form_class.base_fields.items()
            # A hidden input (the direct upload's token) shows no label to translate.
            if not is_wagtails_own(model, name) and not field.widget.is_hidden
        }


def translated_labels(model, form_class):
    english, swedish = {}, {}
    for form_model, form in form_classes(form_class, model):
        english.update(labels(form, form_model, "en"))
        swedish.update(labels(form, form_model, "sv"))
    return english, swedish


def untranslated(english, swedish):
    return sorted(
        f"{key[0]}.{key[1]}: {english[key]!r}"
        for key in english
        if english[key] == swedish[key] and key not in SAME_IN_SWEDISH
    )


def test_the_project_has_page_types_and_snippets_to_check():
    assert {model._meta.label for model in PAGE_MODELS} >= {
        "core.HomePage",
        "library.EpisodePage",
        "library.PlaylistPage",
        "campaigns.CampaignPage",
        "support.SupportPage",
    }
    assert {model._meta.label for model in SNIPPET_MODELS} >= {
        "core.Pillar",
        "core.Topic",
        "support.Helpline",
        "support.SupportResource",
        "library.AudioFile",
        "library.Transcript",
        "search.CrisisTerm",
    }


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model._meta.label)
def test_page_edit_form_labels_are_translated(model):
    english, swedish = translated_labels(model, model.get_edit_handler().get_form_class())
    assert english, model
    assert untranslated(english, swedish) == []


@pytest.mark.parametrize("model", SNIPPET_MODELS, ids=lambda model: model._meta.label)
def test_snippet_edit_form_labels_are_translated(model):
    form_class = model.snippet_viewset.get_edit_handler().get_form_class()
    english, swedish = translated_labels(model, form_class)
    assert english, model
    assert untranslated(english, swedish) == []


def test_inline_panel_forms_are_checked_too():
    english, swedish = translated_labels(
        PlaylistPage, PlaylistPage.get_edit_handler().get_form_class()
    )
    assert english[("library.PlaylistItem", "note")] == "Note"
    assert swedish[("library.PlaylistItem", "note")] == "Anteckning"
    english, swedish = translated_labels(
        CampaignPage, CampaignPage.get_edit_handler().get_form_class()
    )
    assert english[("campaigns.CampaignTopic", "topic")] == "Topic"
    assert swedish[("campaigns.CampaignTopic", "topic")] == "Ämne"


def test_a_label_derived_from_a_field_name_is_reported():
    class Untranslated(forms.Form):
        phone_number = forms.CharField()
        hours = forms.CharField(label=_("opening hours"))

    english = labels(Untranslated, Helpline, "en")
    swedish = labels(Untranslated, Helpline, "sv")

    assert swedish[("support.Helpline", "hours")] == "öppettider"
    assert untranslated(english, swedish) == ["support.Helpline.phone_number: 'Phone number'"]
