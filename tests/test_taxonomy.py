"""Pillars and topics, and the translated-snippet convention (cms.core.localization)."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from cms.core.factories import PillarFactory, TopicFactory
from cms.core.localization import active_language_code, localize_all, localized
from cms.core.taxonomy import Pillar, Topic
from tests.world_support import module_world_fixture, world_fixture  # noqa: F401

# A small site in every language (tests/world_support.py).
pytestmark = pytest.mark.usefixtures("world")


def test_translatable_fields_are_stated_explicitly():
    for model, translated, synchronised in [
        (Pillar, {"title", "description"}, {"slug", "icon", "colour", "sort_order"}),
        (Topic, {"name", "description"}, {"slug", "about_suicide_or_self_harm"}),
    ]:
        fields = get_translatable_fields(model)
        assert {f.field_name for f in fields if isinstance(f, TranslatableField)} == translated
        assert {f.field_name for f in fields if isinstance(f, SynchronizedField)} == synchronised


@pytest.mark.django_db
def test_localized_shows_the_translation_and_falls_back_to_the_chosen_snippet():
    burnout = Topic.objects.get(locale__language_code="en", slug="burnout")
    untranslated = TopicFactory(name="Loneliness", slug="loneliness")

    with translation.override("sv"):
        assert localized(burnout).name == "Utmattning"
        assert localized(untranslated) == untranslated
    with translation.override("en"):
        assert localized(burnout) == burnout
    assert localized(burnout, "fr").name == "Épuisement professionnel"
    assert localized(None) is None


@pytest.mark.django_db
def test_localized_starts_from_any_language():
    german = Topic.objects.get(locale__language_code="de", slug="grief")
    with translation.override("pt-br"):
        assert localized(german).name == "Luto e perda"


@pytest.mark.django_db
def test_localize_all_costs_one_query_per_model(django_assert_num_queries):
    topics = list(Topic.objects.filter(locale__language_code="en"))
    pillars = list(Pillar.objects.filter(locale__language_code="en"))
    with translation.override("es"), django_assert_num_queries(2):
        result = localize_all([*topics, None, *pillars])
    assert (len(topics), len(pillars)) == (5, 3)
    assert [obj.locale.language_code for obj in result if obj is not None] == ["es"] * 8
    assert result[len(topics)] is None


@pytest.mark.django_db
def test_localized_template_filter():
    pillar = Pillar.objects.get(locale__language_code="en", slug="awareness")
    template = Template("{% load localization_tags %}{{ pillar|localized }}")
    with translation.override("de"):
        assert template.render(Context({"pillar": pillar})) == ("Die Anzeichen kennen")


def test_active_language_code_maps_to_a_content_language():
    with translation.override("pt-BR"):
        assert active_language_code() == "pt-br"
    with translation.override("xx"):
        assert active_language_code() == "en"


@pytest.mark.django_db
def test_a_slug_taken_in_the_same_language_gets_a_clear_error():
    duplicate = Topic(name="Burnout again", slug="burnout", locale=Locale.get_default())
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already uses this short name" in " ".join(error.value.message_dict["slug"])

    other_language = Topic(
        name="Burnout", slug="loneliness", locale=Locale.objects.get(language_code="sv")
    )
    other_language.full_clean()  # no error


@pytest.mark.django_db
def test_admin_refuses_a_duplicate_pillar_slug_without_a_500(client, role_users):
    client.force_login(role_users["Editors"])
    before = Pillar.objects.count()
    response = client.post(
        "/admin/snippets/core/pillar/add/?locale=en",
        {
            "title": "Another",
            "slug": "awareness",
            "description": "Duplicate.",
            "icon": "heart",
            "colour": "plum",
            "sort_order": "4",
        },
    )
    assert response.status_code == 200
    assert "already uses this short name" in response.content.decode()
    assert Pillar.objects.count() == before


@pytest.mark.django_db
def test_factories_build_valid_snippets():
    pillar = PillarFactory()
    topic = TopicFactory()
    pillar.full_clean()
    topic.full_clean()
    assert pillar.locale == Locale.get_default() == topic.locale
    assert pillar.icon_symbol
