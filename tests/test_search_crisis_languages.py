"""Crisis words in any language: a search on any interface language that contains a crisis term
of another language shows the visitor's own crisis lines first, then the term's language's."""

import itertools

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.contrib.search_promotions.models import Query

from cms.support.models import Helpline
from search.crisis import crisis_languages, crisis_matches
from tests.crisis_support import TEST_CRISIS_LINES, build_crisis_lines, build_crisis_terms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def crisis(db):
    """The tests' own crisis terms and two crisis lines (and an ordinary one) per language."""
    build_crisis_terms()
    return build_crisis_lines()


LANGUAGES = ("en", "sv", "de", "es", "fr", "pt-br")

# One term per language that belongs to that language only ("suicide" is English and French).
TERM_OF = {
    "en": "kill myself",
    "sv": "självmord",
    "de": "Selbstmord",
    "es": "quiero morir",
    "fr": "envie de mourir",
    "pt-br": "quero morrer",
}


def search(client, q, language):
    with translation.override(language):
        url = reverse("search")
    return client.get(url, {"q": q})


def crisis_block(html):
    start = html.find("data-search-crisis")
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def lines_block(block, language):
    start = block.find(f'data-crisis-lines="{language}"')
    return block[start : block.find("</ul>", start)] if start >= 0 else ""


def crisis_line_names(language):
    names = list(
        Helpline.objects.filter(
            locale__language_code=language, is_crisis_line=True, live=True
        ).values_list("name", flat=True)
    )
    assert names == TEST_CRISIS_LINES[language], f"the crisis lines of {language}"
    return names


@pytest.mark.parametrize(
    ("term_language", "interface_language"),
    [pair for pair in itertools.product(LANGUAGES, LANGUAGES) if pair[0] != pair[1]],
)
def test_a_term_of_another_language_shows_own_lines_first_then_the_terms(
    employee_client, term_language, interface_language
):
    queries_before = Query.objects.count()
    response = search(employee_client, f"  {TERM_OF[term_language]} ", interface_language)
    assert response.status_code == 200
    block = crisis_block(response.content.decode())
    assert block, f"no crisis block for {term_language} on /{interface_language}/"
    own = lines_block(block, interface_language)
    theirs = lines_block(block, term_language)
    for name in crisis_line_names(interface_language):
        assert escape(name) in own
    for name in crisis_line_names(term_language):
        assert escape(name) in theirs
    # The visitor's own language first.
    assert block.find(f'data-crisis-lines="{interface_language}"') < block.find(
        f'data-crisis-lines="{term_language}"'
    )
    # A crisis search is never counted or stored.
    assert Query.objects.count() == queries_before


def test_a_term_of_the_interface_language_shows_only_its_lines(employee_client):
    block = crisis_block(search(employee_client, "självmord", "sv").content.decode())
    assert 'data-crisis-lines="sv"' in block
    assert block.count("data-crisis-lines=") == 1


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("SJÄLVMORD", "sv"),
        ("sjalvmord", "sv"),  # no accents
        ("själv mord", "sv"),  # a space too many
        ("självmrod", "sv"),  # two letters swapped
        ("suicde", "en"),  # a letter missing
        ("suiciide", "en"),  # a letter extra
        ("self-harm", "en"),
        ("selfharm", "en"),  # no space
        ("kill   my self", "en"),
        ("KILL MYSELF", "en"),
        ("Selbstmordgedanken", "de"),
        ("suicidio", "pt-br"),  # Spanish spelling of the Portuguese word
        ("automutilacao", "pt-br"),
        ("Je veux MOURIR", "fr"),
    ],
)
def test_normalised_matches(query, language):
    assert language in crisis_languages(query)


@pytest.mark.parametrize(
    "query",
    [
        "skill",
        "skills for managing myself",  # "kill" inside "skill"
        "killer app",
        "suicidality research",  # a longer word, not the term
        "quiero dormir",  # one word differs
        "te matar",  # short words allow no typo
        "mindfulness at work",
        "",
        "   ",
    ],
)
def test_words_inside_other_words_and_ordinary_queries_do_not_match(query):
    assert crisis_matches(query) == []


def test_an_ambiguous_word_names_every_language_it_belongs_to():
    # "suicide" is English and French: both lines show on, say, the Swedish site.
    assert set(crisis_languages("suicide")) == {"en", "fr"}


def test_ambiguous_word_on_swedish_site_lists_both(employee_client):
    block = crisis_block(search(employee_client, "suicide", "sv").content.decode())
    positions = [block.find(f'data-crisis-lines="{code}"') for code in ("sv", "en", "fr")]
    assert all(position >= 0 for position in positions)
    assert positions[0] < min(positions[1:])
