"""Demo taxonomy: the programme's three pillars and a handful of topics, in every language.

Also `translate_demo_object`, which other apps' demo builders use to translate their demo
content through wagtail-localize (so translators can keep editing it there).
"""

from html import unescape

from django.utils.html import escape
from wagtail.models import DraftStateMixin
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from .factories import PillarFactory, TopicFactory
from .taxonomy import Pillar, Topic

PILLARS = [
    # slug, icon, colour, {language: (title, description)}
    (
        "awareness",
        "lightbulb",
        "plum",
        {
            "en": (
                "Raise awareness and build knowledge",
                "Learn how mental health works, notice the early signs in yourself and others, "
                "and know what helps.",
            ),
            "sv": (
                "Öka medvetenheten och bygga kunskap",
                "Lär dig hur psykisk hälsa fungerar, känn igen tidiga tecken hos dig själv och "
                "andra, och vet vad som hjälper.",
            ),
            "de": (
                "Bewusstsein schaffen und Wissen aufbauen",
                "Verstehe, wie psychische Gesundheit funktioniert, erkenne frühe Anzeichen bei "
                "dir und anderen und wisse, was hilft.",
            ),
            "es": (
                "Sensibilizar y generar conocimiento",
                "Aprende cómo funciona la salud mental, reconoce las primeras señales en ti y en "
                "los demás, y descubre qué ayuda.",
            ),
            "fr": (
                "Sensibiliser et développer les connaissances",
                "Comprendre la santé mentale, repérer les premiers signes chez soi et chez les "
                "autres, et savoir ce qui aide.",
            ),
            "pt-br": (
                "Conscientizar e construir conhecimento",
                "Entenda como funciona a saúde mental, reconheça os primeiros sinais em você e "
                "nos outros e saiba o que ajuda.",
            ),
        },
    ),
    (
        "self-care-and-support",
        "heart",
        "teal",
        {
            "en": (
                "Enable proactive self-care and professional support",
                "Look after your mental health day to day, and reach professional support "
                "early and easily.",
            ),
            "sv": (
                "Möjliggöra förebyggande egenvård och professionellt stöd",
                "Ta hand om din psykiska hälsa i vardagen och få professionellt stöd tidigt "
                "och enkelt.",
            ),
            "de": (
                "Vorsorgende Selbstfürsorge und professionelle Unterstützung ermöglichen",
                "Kümmere dich im Alltag um deine psychische Gesundheit und finde früh und "
                "einfach professionelle Unterstützung.",
            ),
            "es": (
                "Facilitar el autocuidado proactivo y el apoyo profesional",
                "Cuida tu salud mental en el día a día y accede a apoyo profesional de forma "
                "temprana y sencilla.",
            ),
            "fr": (
                "Favoriser l'autosoin proactif et le soutien professionnel",
                "Prendre soin de sa santé mentale au quotidien et accéder tôt et facilement à "
                "un soutien professionnel.",
            ),
            "pt-br": (
                "Promover o autocuidado proativo e o apoio profissional",
                "Cuide da sua saúde mental no dia a dia e encontre apoio profissional cedo e "
                "com facilidade.",
            ),
        },
    ),
    (
        "conversation",
        "speech",
        "indigo",
        {
            "en": (
                "Normalise the conversation to reduce stigma",
                "Make it ordinary to talk about how we feel, at work and at home, so nobody "
                "struggles alone.",
            ),
            "sv": (
                "Normalisera samtalet för att minska stigma",
                "Gör det självklart att prata om hur vi mår, på jobbet och hemma, så att ingen "
                "behöver kämpa ensam.",
            ),
            "de": (
                "Das Gespräch normalisieren, um Stigma abzubauen",
                "Mach es selbstverständlich, über Gefühle zu sprechen, bei der Arbeit und zu "
                "Hause, damit niemand allein kämpft.",
            ),
            "es": (
                "Normalizar la conversación para reducir el estigma",
                "Haz que hablar de cómo nos sentimos sea algo normal, en el trabajo y en casa, "
                "para que nadie lo pase solo.",
            ),
            "fr": (
                "Normaliser la conversation pour réduire la stigmatisation",
                "Rendre naturel le fait de parler de ce que l'on ressent, au travail comme à la "
                "maison, pour que personne ne reste seul.",
            ),
            "pt-br": (
                "Normalizar a conversa para reduzir o estigma",
                "Torne natural falar sobre como nos sentimos, no trabalho e em casa, para que "
                "ninguém enfrente as dificuldades sozinho.",
            ),
        },
    ),
]

TOPICS = {
    # slug: {language: name}
    "anxiety": {
        "en": "Anxiety",
        "sv": "Ångest",
        "de": "Angst",
        "es": "Ansiedad",
        "fr": "Anxiété",
        "pt-br": "Ansiedade",
    },
    "burnout": {
        "en": "Burnout",
        "sv": "Utbrändhet",
        "de": "Burnout",
        "es": "Agotamiento",
        "fr": "Épuisement professionnel",
        "pt-br": "Burnout",
    },
    "grief": {
        "en": "Grief and loss",
        "sv": "Sorg och förlust",
        "de": "Trauer und Verlust",
        "es": "Duelo y pérdida",
        "fr": "Deuil et perte",
        "pt-br": "Luto e perda",
    },
    "sleep": {
        "en": "Sleep",
        "sv": "Sömn",
        "de": "Schlaf",
        "es": "Sueño",
        "fr": "Sommeil",
        "pt-br": "Sono",
    },
    "parenting": {
        "en": "Parenting",
        "sv": "Föräldraskap",
        "de": "Elternschaft",
        "es": "Crianza",
        "fr": "Parentalité",
        "pt-br": "Parentalidade",
    },
    "neurodiversity": {
        "en": "Neurodiversity",
        "sv": "Neurodiversitet",
        "de": "Neurodiversität",
        "es": "Neurodiversidad",
        "fr": "Neurodiversité",
        "pt-br": "Neurodiversidade",
    },
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
