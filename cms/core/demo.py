"""Demo taxonomy: the programme's three pillars and a handful of topics, in every language.

The copy lives in `demo_data/<language>.json` (the home page's too, which `load_demo` builds);
`read_demo_copy` reads any app's copy the same way. Also `translate_demo_object`, which other
apps' demo builders use to translate their demo content through wagtail-localize (so
translators can keep editing it there).
"""

import json
from html import unescape
from importlib.resources import files

from django.utils.html import escape
from wagtail.models import DraftStateMixin
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from .factories import PillarFactory, TopicFactory
from .taxonomy import Pillar, Topic

# The demo's copy, one file per language: `en.json` holds the structure and the English text,
# the other languages their translations of it (read once, when this module is imported).
DEMO_LANGUAGES = ("en", "sv", "de", "es", "fr", "pt-br")


def read_demo_copy(package):
    """The `demo_data/<language>.json` files of `package` (a dotted app name), as
    {language code: data} in DEMO_LANGUAGES order; a language without a file is left out."""
    folder = files(package) / "demo_data"
    copy = {}
    for code in DEMO_LANGUAGES:
        path = folder / f"{code}.json"
        if path.is_file():
            copy[code] = json.loads(path.read_text(encoding="utf-8"))
    return copy


COPY = read_demo_copy("cms.core")
TRANSLATED_COPY = {code: data for code, data in COPY.items() if code != "en"}
# slug, icon, colour, {language: (title, description)}; in the pillars' order.
PILLARS = [
    (
        pillar["slug"],
        pillar["icon"],
        pillar["colour"],
        {
            "en": (pillar["title"], pillar["description"]),
            **{
                code: (
                    data["pillars"][pillar["slug"]]["title"],
                    data["pillars"][pillar["slug"]]["description"],
                )
                for code, data in TRANSLATED_COPY.items()
            },
        },
    )
    for pillar in COPY["en"]["pillars"]
]
# slug: {language: name}
TOPICS = {
    topic["slug"]: {
        "en": topic["name"],
        **{code: data["topics"][topic["slug"]] for code, data in TRANSLATED_COPY.items()},
    }
    for topic in COPY["en"]["topics"]
}


def translate_demo_object(source_object, locale, translated_strings, publish=True):
    """Translate `source_object` into `locale` through wagtail-localize and return the copy.

    `translated_strings` maps source strings to their translation; strings without one keep
    the source text. Does nothing (returns the existing copy) when a translation exists.
    """
    existing = source_object.get_translation_or_none(locale)
    if existing is not None:
        return existing
    source, _created = TranslationSource.get_or_create_from_instance(source_object)
    for segment in source.stringsegment_set.select_related("string", "context"):
        translated = demo_translation_of(segment.string.data, translated_strings)
        if translated:
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": translated,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    # Publish now rather than through wagtail-localize's `publish=True`, which publishes when the
    # transaction commits from a stale copy of the page and so resets its child count to 0.
    is_draftable = isinstance(source_object, DraftStateMixin)
    translation.save_target(publish=not is_draftable)
    target = source_object.get_translation(locale)
    if publish and is_draftable:
        target.get_latest_revision().publish()
        target.refresh_from_db()
    return target


def refresh_demo_translation(source_object, locale, translated_strings):
    """Bring an existing translation of `source_object` up to date after the source changed
    (a field added since the demo was first loaded, a synchronised value set): the source is
    re-read, new segments get their demo translation and the copy is saved and published again.
    Returns the copy, or None when there is no translation into `locale` yet."""
    if source_object.get_translation_or_none(locale) is None:
        return None
    source, _created = TranslationSource.update_or_create_from_instance(source_object)
    for segment in source.stringsegment_set.select_related("string", "context"):
        translated = demo_translation_of(segment.string.data, translated_strings)
        if translated:
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": translated,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    is_draftable = isinstance(source_object, DraftStateMixin)
    translation.save_target(publish=not is_draftable)
    target = source_object.get_translation(locale)
    if is_draftable:
        target.get_latest_revision().publish()
        target.refresh_from_db()
    return target


def demo_translation_of(data, translated_strings):
    """The translation of a segment's text. wagtail-localize keeps text fields' segments as
    escaped HTML ("Heart &amp; Soul") and character fields' as typed, so an escaped segment
    is also looked up by its plain text, and its translation escaped the same way."""
    if data in translated_strings:
        return translated_strings[data]
    plain = unescape(data)
    if plain != data and plain in translated_strings:
        return escape(translated_strings[plain])
    return None


def build_demo(loader):
    default = loader.locales["en"]
    for sort_order, (slug, icon, colour, texts) in enumerate(PILLARS, start=1):
        pillar = Pillar.objects.filter(locale=default, slug=slug).first()
        if pillar is None:
            title, description = texts["en"]
            pillar = PillarFactory(
                locale=default,
                slug=slug,
                title=title,
                description=description,
                icon=icon,
                colour=colour,
                sort_order=sort_order,
            )
            loader.created["pillars"] += 1
        for code, locale in loader.locales.items():
            if code == "en" or pillar.has_translation(locale):
                continue
            title, description = texts[code]
            translate_demo_object(
                pillar,
                locale,
                {texts["en"][0]: title, texts["en"][1]: description},
            )
            loader.created["pillars"] += 1

    for slug, names in TOPICS.items():
        topic = Topic.objects.filter(locale=default, slug=slug).first()
        if topic is None:
            topic = TopicFactory(locale=default, slug=slug, name=names["en"])
            loader.created["topics"] += 1
        for code, locale in loader.locales.items():
            if code == "en" or topic.has_translation(locale):
                continue
            translate_demo_object(topic, locale, {names["en"]: names[code]})
            loader.created["topics"] += 1
