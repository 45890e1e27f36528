"""Every translatable model says which fields translators translate and which are carried over
from the source (synchronised), and which of those a locale may override. Settings for machine
translation and synchronised trees."""

import pytest
from django.apps import apps
from modelcluster.fields import ParentalKey
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from cms.settings.base import machine_translator

BASE = {
    "translated": {
        "title",
        "slug",
        "seo_title",
        "search_description",
        "introduction",
        "content_notes",
    },
    "synchronised": {"listing_image", "show_in_menus"},
    "overridable": {"listing_image"},
}


def page(translated=(), synchronised=(), overridable=()):
    return {
        "translated": BASE["translated"] | set(translated),
        "synchronised": BASE["synchronised"] | set(synchronised),
        "overridable": BASE["overridable"] | set(overridable),
    }


EXPECTED = {
    "core.HomePage": page(
        ["body", "pillars_introduction", "featured_playlists_introduction", "help_introduction"],
        # The same featured playlists and number of new episodes in every language.
        ["featured_playlists", "new_episode_count"],
    ),
    "core.StandardPage": page(["body"]),
    "core.Pillar": {
        "translated": {"title", "description"},
        "synchronised": {"slug", "icon", "colour", "sort_order"},
        "overridable": set(),
    },
    "core.Topic": {
        "translated": {"name", "description"},
        "synchronised": {"slug", "about_suicide_or_self_harm"},
        "overridable": set(),
    },
    # Each language's lexicon is its own; a translation only starts from another's entry.
    "safety.SafeMessagingRule": {
        "translated": {"phrase", "alternative", "why"},
        "synchronised": {"is_pattern", "category", "severity", "source", "active"},
        "overridable": set(),
    },
    "support.Helpline": {
        "translated": {"name", "hours", "countries", "description"},
        "synchronised": {
            "phone_number",
            "url",
            "open_24_7",
            "is_crisis_line",
            "verified_on",
            "sort_order",
        },
        "overridable": {"phone_number", "url"},
    },
    "support.SupportResource": {
        "translated": {"title", "description", "link_text"},
        "synchronised": {"kind", "link_url", "phone_number", "sort_order"},
        "overridable": {"link_url", "phone_number"},
    },
    "support.SupportPage": page(
        ["banner_text", "banner_link_text", "contacts", "fallback_text"],
        ["fallback_url"],
        ["fallback_url"],
    ),
    "campaigns.CampaignIndexPage": page(),
    "campaigns.CampaignPage": page(
        ["hero_image_alt", "body", "toolkit", "cta_text"],
        [
            "pillar",
            "topic_links",
            "starts_on",
            "ends_on",
            "hero_image",
            "cta_page",
            "cta_url",
        ],
        ["hero_image", "cta_url"],
    ),
    "library.Transcript": {
        "translated": {"title", "cues", "text"},
        "synchronised": set(),
        "overridable": set(),
    },
    "library.LibraryIndexPage": page(),
    "library.PodcastShowPage": page(
        ["description", "host_names"],
        ["pillar", "artwork", "category", "explicit", "owner_name", "owner_email"],
        ["artwork"],
    ),
    "library.EpisodePage": page(
        ["summary", "chapters"],
        ["topics", "episode_number", "season_number", "publish_date", "audio", "transcript"],
        # A translated episode may carry its own recording and transcript.
        ["audio", "transcript"],
    ),
    # The items' list is copied from the source; their notes are translated (PlaylistItem).
    "library.PlaylistPage": page(["items"], ["pillar", "topics"], []),
    "library.PlaylistItem": {
        "translated": {"note"},
        "synchronised": {"episode", "sort_order"},
        "overridable": set(),
    },
}


def declared(model):
    fields = model.__dict__.get("translatable_fields")
    if fields is None:
        # Inherited declarations count only when the model adds no field of its own.
        fields = getattr(model, "translatable_fields", None)
    return fields


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_translatable_fields_are_declared(label):
    model = apps.get_model(label)
    fields = declared(model)
    assert fields, f"{label} must declare translatable_fields"
    assert get_translatable_fields(model) == fields
    translated = {f.field_name for f in fields if isinstance(f, TranslatableField)}
    synchronised = {f.field_name for f in fields if isinstance(f, SynchronizedField)}
    overridable = {
        f.field_name for f in fields if isinstance(f, SynchronizedField) and f.overridable
    }
    expected = EXPECTED[label]
    assert translated == expected["translated"]
    assert synchronised == expected["synchronised"]
    assert overridable == expected["overridable"]


def test_every_translatable_model_of_the_project_is_listed():
    project_models = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin)
        and model.__module__.split(".")[0] in {"cms", "campaigns", "library", "search"}
        and model is not Page
    }
    # Custom images and documents are shared by every language (not TranslatableMixin).
    assert project_models == set(EXPECTED)


def test_every_editable_field_is_declared_one_way_or_the_other():
    """A model field a new migration adds cannot be forgotten: it must be listed above."""
    page_fields = {f.name for f in Page._meta.get_fields()}
    for label, expected in EXPECTED.items():
        model = apps.get_model(label)
        listed = expected["translated"] | expected["synchronised"]
        own = {
            f.name
            for f in model._meta.get_fields()
            if getattr(f, "editable", False)
            and not f.auto_created
            and f.concrete
            and f.name not in {"locale", "translation_key"}
            and not isinstance(f, ParentalKey)  # the link to the parent page
            and (f.name not in page_fields or f.name in BASE["translated"] | BASE["synchronised"])
        }
        # Child relations (orderables) are listed by their relation name.
        own |= {
            rel.get_accessor_name()
            for rel in model._meta.related_objects
            if rel.one_to_many
            and getattr(rel.remote_field, "many_to_one", False)
            and rel.related_model.__module__.split(".")[0] in {"campaigns", "library", "cms"}
            and rel.get_accessor_name() in listed
        }
        missing = own - listed
        assert not missing, f"{label}: {sorted(missing)} not in translatable_fields"


@pytest.mark.parametrize(
    "name, expected_class",
    [
        (None, None),
        ("", None),
        ("off", None),
        ("dummy", "wagtail_localize.machine_translators.dummy.DummyTranslator"),
        ("DeepL", "wagtail_localize.machine_translators.deepl.DeepLTranslator"),
    ],
)
def test_machine_translator_is_chosen_by_setting(name, expected_class):
    config = machine_translator(name)
    assert (config and config["CLASS"]) == expected_class


def test_an_unknown_machine_translator_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="off, dummy or deepl"):
        machine_translator("google-free")


def test_machine_translation_is_off_outside_development(settings):
    # The test settings import the base settings as production does.
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR is None
    # Nor is any page tree synchronised as aliases (simple_translation's page-tree sync).
    assert "wagtail.contrib.simple_translation" not in settings.INSTALLED_APPS
    assert settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is False


@pytest.mark.django_db
def test_a_new_english_page_is_not_copied_into_other_languages(site_tree):
    from wagtail_localize.models import LocaleSynchronization

    from cms.core.models import StandardPage

    assert not LocaleSynchronization.objects.exists()
    english_home = site_tree["en"]
    english_home.add_child(instance=StandardPage(title="Only in English", slug="only-english"))
    assert StandardPage.objects.filter(title="Only in English").count() == 1
    assert not Page.objects.filter(alias_of__isnull=False).exists()
