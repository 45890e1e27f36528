"""Language metadata on the front end: the switcher lists only live versions of the page (and
the home page of the other languages), `<link rel="alternate" hreflang>` for each live version
plus x-default, and `lang` on items shown in another language than the page's."""

import re
from html import unescape

import pytest
from wagtail.models import Locale

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from cms.core.demo import translate_demo_object
from cms.core.factories import PillarFactory, StandardPageFactory
from tests.library.conftest import episode, library_index, publish, show  # noqa: F401

pytestmark = pytest.mark.django_db


def switcher(html):
    match = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return match.group(0) if match else ""


def alternates(html):
    head = html.split("</head>")[0]
    pattern = r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">'
    return dict(re.findall(pattern, head))


def translate(page, language, title, live=True):
    translated = page.copy_for_translation(Locale.objects.get(language_code=language))
    translated.title = title
    if live:
        return publish(translated)
    translated.save_revision()
    return translated


@pytest.fixture
def about(site_tree):
    """An English page with a live Swedish translation and a German draft."""
    english = publish(StandardPageFactory(parent=site_tree["en"], title="About", slug="about-i18n"))
    swedish = translate(english, "sv", "Om programmet")
    german = translate(english, "de", "Über das Programm", live=False)
    return {"en": english, "sv": swedish, "de": german}


def test_the_switcher_offers_only_live_versions_then_other_home_pages(
    client, employee, about, site_tree
):
    client.force_login(employee)
    nav = switcher(client.get(about["en"].url).content.decode())

    translations, homes = nav.split('class="language-switcher__homes"')
    assert f'<a href="{about["sv"].url}" hreflang="sv" lang="sv">svenska</a>' in translations
    # The German draft is not offered as a translation; German readers get their home page.
    assert about["de"].url not in nav
    assert "Deutsch" not in translations
    assert f'<a href="{site_tree["de"].url}" hreflang="de" lang="de" data-home-page>' in homes
    for code in ("es", "fr", "pt-br"):
        assert f'href="{site_tree[code].url}" hreflang="{code}"' in homes
    # The language being read is not offered, and Swedish is not offered twice.
    assert 'hreflang="en"' not in nav
    assert nav.count('hreflang="sv"') == 1


def test_the_switcher_on_a_swedish_page_links_back_to_english(client, employee, about):
    client.force_login(employee)
    response = client.get(about["sv"].url)
    nav = switcher(response.content.decode())

    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in response.content.decode()
    assert f'<a href="{about["en"].url}" hreflang="en" lang="en">English</a>' in nav


def test_alternate_links_name_each_live_version_and_x_default(client, employee, about):
    client.force_login(employee)
    for language in ("en", "sv"):
        links = alternates(client.get(about[language].url).content.decode())
        assert links == {
            "en": f"http://localhost{about['en'].url}",
            "sv": f"http://localhost{about['sv'].url}",
            "x-default": f"http://localhost{about['en'].url}",
        }


def test_every_home_page_has_alternates_for_all_six_languages(client, employee, site_tree):
    client.force_login(employee)
    links = alternates(client.get(site_tree["es"].url).content.decode())
    assert set(links) == {"en", "sv", "de", "es", "fr", "pt-br", "x-default"}
    assert links["x-default"].endswith(site_tree["en"].url)
    assert 'lang="es"' in client.get(site_tree["es"].url).content.decode()[:200]


def test_an_unpublished_translation_disappears_from_switcher_and_head(client, employee, about):
    about["sv"].unpublish()
    client.force_login(employee)
    html = client.get(about["en"].url).content.decode()

    assert about["sv"].url not in html
    assert "sv" not in alternates(html)


@pytest.fixture
def campaign_indexes(site_tree):
    """The English campaign index and its Swedish translation."""
    english = publish(CampaignIndexPageFactory(parent=site_tree["en"]))
    swedish = translate_demo_object(
        english, Locale.objects.get(language_code="sv"), {"campaigns": "kampanjer"}
    )
    return {"en": english, "sv": swedish}


def campaign_featuring(indexes, language, *blocks):
    page = CampaignPageFactory(
        parent=indexes[language],
        slug=f"featuring-{len(blocks)}",
        pillar=PillarFactory(slug=f"awareness-{language}"),
        body=list(blocks),
        cta_text="",
    )
    return publish(page)


def test_a_featured_episode_without_translation_is_marked_with_its_language(
    client,
    employee,
    campaign_indexes,
    episode,  # noqa: F811
):
    assert episode.get_translation_or_none(Locale.objects.get(language_code="sv")) is None
    block = ("featured_episode", {"episode": episode, "note": ""})
    page = campaign_featuring(campaign_indexes, "sv", block)
    client.force_login(employee)
    html = client.get(page.url).content.decode()

    assert f'<a href="{episode.url}" lang="en">{episode.title}</a>' in html
    assert '<span class="language-note" data-language-note>(på engelska)</span>' in html
    # The featured block of an English page for English readers carries no marker.
    english = campaign_featuring(campaign_indexes, "en", block)
    html = client.get(english.url).content.decode()
    assert f'<a href="{episode.url}">{episode.title}</a>' in html
    assert "data-language-note" not in html


def page_title(html):
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())


def test_window_titles_name_the_page_then_the_site_in_its_language(client, employee, about):
    client.force_login(employee)
    assert (
        page_title(client.get(about["sv"].url).content.decode()) == "Om programmet · Heart & Soul"
    )
    # A home page titled like the site says it once.
    home = about["en"].get_parent()
    assert home.title == "Heart & Soul"
    assert page_title(client.get(home.url).content.decode()) == "Heart & Soul"
    search = client.get("/es/search/", {"q": "sueño"}).content.decode()
    assert page_title(search) == "Búsqueda: sueño · Heart & Soul"


def test_text_not_translated_yet_is_marked_with_its_language(client, employee, site_tree):
    """wagtail-localize shows the source text for segments nobody has translated: those parts
    of the German page carry lang="en", the translated ones inherit the page's language."""
    english = StandardPageFactory(
        parent=site_tree["en"],
        title="Rest and recovery",
        slug="rest-and-recovery",
        introduction="Why rest is part of the work.",
        body=[
            ("heading", {"text": "Small pauses", "level": "h2"}),
            ("paragraph", "<p>Five minutes away from the screen can reset a whole afternoon.</p>"),
        ],
    )
    english.save_revision().publish()
    german = translate_demo_object(
        english,
        Locale.objects.get(language_code="de"),
        {"Rest and recovery": "Ruhe und Erholung", "Small pauses": "Kleine Pausen"},
    )
    client.force_login(employee)

    html = client.get(german.url).content.decode()
    assert re.search(r'<html lang="de"', html)
    assert "<h1>Ruhe und Erholung</h1>" in html
    assert '<p class="page-header__intro" lang="en">Why rest is part of the work.</p>' in html
    heading, paragraph = re.findall(r'<div class="block-(heading|paragraph)"([^>]*)>', html)
    assert heading == ("heading", "")
    assert paragraph == ("paragraph", ' lang="en"')

    # The English page itself has nothing to mark.
    source_html = client.get(english.url).content.decode()
    assert 'lang="en">' not in source_html.split("</header>", 1)[1].split("<footer", 1)[0]


def homes_sentence(html):
    match = re.search(r'<p class="language-switcher__homes">(.*?)</p>', switcher(html), re.S)
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Not translated yet. Home page in:"),
        ("sv", "Inte översatt än. Startsida på:"),
    ],
)
def test_the_switcher_says_plainly_that_the_page_is_not_translated(
    client, employee, about, language, expected
):
    client.force_login(employee)
    # Both versions are missing in German, Spanish, French and Portuguese.
    assert homes_sentence(client.get(about[language].url).content.decode()) == expected
