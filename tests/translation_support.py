"""A listener's pages in English and their wagtail-localize translations, for the translation,
chooser, library and vendor-patch tests that need content in more than one language.

`translated_listener_pages(site_tree, ["sv", "de"])` builds tests/trees.py's listener pages
under the English home page, then translates each of them (pillars, topic, helpline, support
resource, library, show, transcript, episode, playlist, campaign index, campaign, support page)
through wagtail-localize into each language, parents first, as translators do. Titles come from
LISTENER_TEXTS where it has the language; others get the English title marked with the
language code. Synchronised fields (the episode's audio and topics, the campaign's pillar)
point at what the English page points at, as wagtail-localize leaves them.
"""

from dataclasses import replace

from wagtail.models import Locale

from campaigns.models import CampaignTopic
from cms.core.demo import translate_demo_object
from cms.core.taxonomy import Pillar
from cms.support.models import SupportResource
from tests.trees import LISTENER_TEXTS, PILLAR_SLUGS, build_listener_pages

# A second topic, in English and its translations (the choosers' tests look for both).
BURNOUT = {"en": "Burnout", "sv": "Utbrändhet", "de": "Burnout-Prävention"}


# The transcript's two cues (library/factories.py TranscriptFactory), translated.
TRANSCRIPT_LINES = {
    "sv": {
        "Welcome back.": "Välkommen tillbaka.",
        "Let's talk about rest.": "Nu pratar vi om vila.",
    },
    "de": {"Welcome back.": "Willkommen zurück.", "Let's talk about rest.": "Reden wir über Ruhe."},
}


def listener_strings(code):
    """{English text: translation} for the listener pages' texts in `code`."""
    english = LISTENER_TEXTS["en"]
    texts = LISTENER_TEXTS.get(code)
    strings = {}
    for key, value in english.items():
        if key == "pillars":
            for index, title in enumerate(value):
                strings[title] = texts["pillars"][index] if texts else f"[{code}] {title}"
        elif key == "slugs":
            if texts:
                strings.update({slug: texts["slugs"][name] for name, slug in value.items()})
        else:
            strings[value] = texts[key] if texts else f"[{code}] {value}"
    strings[BURNOUT["en"]] = BURNOUT.get(code, f"[{code}] {BURNOUT['en']}")
    strings.update(TRANSCRIPT_LINES.get(code, {}))
    return strings


def translated_listener_pages(site_tree, languages):
    """{language code: ListenerPages}, English first, then one per language of `languages`."""
    from cms.core.factories import TopicFactory

    english = build_listener_pages(site_tree["en"])
    burnout = TopicFactory(locale=english.home.locale, slug="burnout", name=BURNOUT["en"])
    english.episode.topics.add(burnout)
    english.episode.save_revision().publish()
    english.playlist.topics.add(burnout)
    english.playlist.save_revision().publish()
    english.campaign.topic_links = [CampaignTopic(topic=english.topic)]
    english.campaign.save_revision().publish()
    pages = {"en": english}
    pillars = list(Pillar.objects.filter(locale=english.home.locale, slug__in=PILLAR_SLUGS))
    resources = list(SupportResource.objects.filter(locale=english.home.locale))
    for code in languages:
        locale = Locale.objects.get(language_code=code)
        strings = listener_strings(code)

        def translate(source, locale=locale, strings=strings):
            return translate_demo_object(source, locale, strings, publish=True)

        translated_pillars = {pillar.pk: translate(pillar) for pillar in pillars}
        topic = translate(english.topic)
        translate(burnout)
        helpline = translate(english.helpline)
        for resource in resources:
            translate(resource)
        library = translate(english.library)
        show = translate(english.show)
        translate(english.episode.transcript)
        episode = translate(english.episode)
        playlist = translate(english.playlist)
        campaign_index = translate(english.campaign_index)
        campaign = translate(english.campaign)
        support = translate(english.support)
        pages[code] = replace(
            english,
            home=site_tree[code],
            library=library,
            show=show,
            episode=episode,
            playlist=playlist,
            campaign_index=campaign_index,
            campaign=campaign,
            support=support,
            pillar=translated_pillars[english.pillar.pk],
            topic=topic,
            helpline=helpline,
        )
    return pages
