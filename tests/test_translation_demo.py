"""The demo in Swedish and Spanish: a campaign, a show with an episode and its transcript, a
playlist and the support page, each with correct language metadata and local helplines."""

import re
from html import escape

import pytest
from wagtail.models import Locale

from campaigns.models import CampaignPage
from library.models import EpisodePage, PlaylistPage, PodcastShowPage, Transcript

# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = [pytest.mark.django_db, pytest.mark.demo]

EXPECTED = {
    "sv": {
        "episode": "Därför pratar vi inte om det",
        "cue": "Välkommen till Talking Minds.",
        "playlist": "Börja här",
        "show_intro": "Kollegor pratar öppet om psykisk hälsa",
        "helpline": "90101",
        "audio_note": r"Ljudet är på engelska\.",
        "support": "/sv/stod/",
    },
    "es": {
        "episode": "Por qué no hablamos de ello",
        "cue": "Te damos la bienvenida a Talking Minds.",
        "playlist": "Empieza aquí",
        "show_intro": "Compañeros hablan abiertamente de salud mental",
        "helpline": "024",
        "audio_note": r"El audio está en inglés\.",
        "support": "/es/apoyo/",
    },
}


def live_in(model, language, **filters):
    return model.objects.live().filter(locale__language_code=language, **filters).first()


@pytest.mark.parametrize("language", ["sv", "es"])
def test_the_demo_episode_is_translated_with_its_transcript(client, employee, language):
    expected = EXPECTED[language]
    episode = live_in(EpisodePage, language, title=expected["episode"])
    assert episode is not None
    assert episode.get_parent().specific.locale.language_code == language
    transcript = Transcript.objects.get(
        locale__language_code=language, translation_key=episode.transcript.translation_key
    )
    assert transcript.live

    client.force_login(employee)
    html = client.get(episode.url).content.decode()
    assert f'<html lang="{language}">' in html
    # Audio in English, transcript in the page's language, said on the page.
    assert re.search(expected["audio_note"], html)
    section = re.search(r'<section class="transcript"[^>]*lang="(\w+)"', html)
    assert section and section.group(1) == language
    assert expected["cue"] in html
    # Metadata: this episode's version in each demo language (all six have it since issue #11).
    assert f'hreflang="{language}" href="http://localhost{episode.url}"' in html
    english = episode.get_translation(Locale.objects.get(language_code="en"))
    assert f'hreflang="x-default" href="http://localhost{english.url}"' in html
    for other in ("de", "fr", "pt-br"):
        translated = episode.get_translation(Locale.objects.get(language_code=other))
        assert f'hreflang="{other}" href="http://localhost{translated.url}"' in html


@pytest.mark.parametrize("language", ["sv", "es"])
def test_the_demo_show_playlist_campaign_and_support_page_exist(client, employee, language):
    expected = EXPECTED[language]
    client.force_login(employee)
    show = live_in(PodcastShowPage, language, slug="talking-minds")
    assert expected["show_intro"] in client.get(show.url).content.decode()

    playlist = live_in(PlaylistPage, language, title=expected["playlist"])
    html = client.get(playlist.url).content.decode()
    # The translated episode in this language; the others in English, marked as such.
    assert expected["episode"] in html
    assert 'lang="en"' in html and "data-language-note" in html

    campaign = live_in(CampaignPage, language)
    assert campaign is not None
    assert client.get(campaign.url).status_code == 200

    support = client.get(expected["support"])
    assert support.status_code == 200
    assert expected["helpline"] in support.content.decode()


@pytest.mark.parametrize("language", ["sv", "es", "de", "fr", "pt-br"])
def test_the_demo_campaigns_have_no_text_left_in_english(client, employee, language):
    """Every text segment of each demo campaign (body blocks, alt text, content note, button)
    has a translation in the language, and the translated page shows none of the English."""
    from wagtail_localize.models import StringTranslation, TranslationSource

    locale = Locale.objects.get(language_code=language)
    client.force_login(employee)
    english_campaigns = CampaignPage.objects.filter(locale__language_code="en")
    assert english_campaigns.count() == 3
    for english in english_campaigns:
        source = TranslationSource.objects.get(
            object_id=english.translation_key, locale=english.locale
        )
        segments = source.stringsegment_set.select_related("string", "context").exclude(
            context__path="slug"  # the address stays the same in every language
        )
        untranslated = [
            (segment.context.path, segment.string.data)
            for segment in segments
            if not StringTranslation.objects.filter(
                translation_of=segment.string, context=segment.context, locale=locale
            )
            .exclude(data=segment.string.data)
            .exists()
        ]
        assert untranslated == [], english.slug

        html = client.get(english.get_translation(locale).url).content.decode()
        main = re.search(r"<main\b.*</main>", html, re.S).group(0)
        for segment in segments:
            assert escape(segment.string.data) not in main, (language, segment.context.path)
