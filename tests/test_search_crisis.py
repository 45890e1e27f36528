"""A search that suggests crisis shows the language's crisis helplines above all results."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Locale

from cms.support.models import Helpline
from search.demo import CRISIS_TERMS
from search.models import CrisisTerm
from tests.crisis_support import build_crisis_lines, build_crisis_terms
from tests.search_support import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def crisis(db):
    """The tests' own crisis terms and two crisis lines (and an ordinary one) per language."""
    build_crisis_terms()
    return build_crisis_lines()


def search(client, q, language="en"):
    with translation.override(language):
        url = reverse("search")
    return client.get(url, {"q": q})


def crisis_block(html):
    start = html.find("data-search-crisis")
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_every_language_has_seeded_terms_without_methods(site_tree):
    """The seed list (search/demo.py, as `load_demo` runs it) stores every phrase of every
    language, and none of them names a method."""
    from collections import Counter
    from types import SimpleNamespace

    from search.demo import build_demo

    loader = SimpleNamespace(
        locales={code: home.locale for code, home in site_tree.items()}, created=Counter()
    )
    build_demo(loader)
    for language_code in ("en", "sv", "de", "es", "fr", "pt-br"):
        stored = set(
            CrisisTerm.objects.filter(locale__language_code=language_code).values_list(
                "phrase", flat=True
            )
        )
        assert stored == set(CRISIS_TERMS[language_code])
    method_words = {"pills", "overdose", "hang", "jump", "bridge", "rope", "gun", "poison"}
    for phrases in CRISIS_TERMS.values():
        for phrase in phrases:
            assert not method_words & set(phrase.split())


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("en", "I want to die"),
        ("en", "SUICIDAL thoughts at work"),
        ("en", "can't go on"),
        ("sv", "jag vill dö"),
        ("de", "Selbstmord"),
        ("es", "quiero morir"),
        ("fr", "envie de mourir"),
        ("pt-br", "quero morrer"),
    ],
)
def test_a_crisis_query_shows_the_languages_crisis_lines_first(
    employee_client, crisis, language, query
):
    response = search(employee_client, query, language)
    assert response.status_code == 200
    html = response.content.decode()
    block = crisis_block(html)
    assert block, "no crisis block"
    lines = Helpline.objects.filter(locale__language_code=language, is_crisis_line=True)
    assert list(lines) == crisis[language]
    for line in lines:
        assert escape(line.name) in block
    assert f"Everyday line ({language})" not in block
    # Above the count and every result.
    assert html.find("data-search-crisis") < html.find("data-result-count")


def test_crisis_block_comes_before_results(employee_client, site_tree, crisis):
    make_page(site_tree["en"], "Suicide prevention day", "How we talk about suicide.")
    html = search(employee_client, "suicide").content.decode()
    assert 0 <= html.find("data-search-crisis") < html.find("data-result")
    assert "Suicide prevention day" in html


def test_ordinary_queries_show_no_crisis_block(employee_client, crisis):
    assert not crisis_block(search(employee_client, "sleep").content.decode())
    # A Swedish phrase typed on the English site is a crisis term too…
    assert crisis_block(search(employee_client, "vill dö", "en").content.decode())
    # …but words inside other words do not count.
    assert not crisis_block(search(employee_client, "suicidality research", "en").content.decode())


def test_an_admin_adds_a_term_in_the_admin_and_it_takes_effect(client, role_users):
    admin = role_users["Administrators"]
    client.force_login(admin)
    english = Locale.objects.get(language_code="en")
    add_url = reverse("wagtailsnippets_search_crisisterm:add")
    response = client.post(add_url, {"locale": english.pk, "phrase": "give up on everything"})
    assert response.status_code == 302
    assert CrisisTerm.objects.filter(locale=english, phrase="give up on everything").exists()
    assert crisis_block(search(client, "I give up on everything").content.decode())


def test_employees_cannot_edit_the_terms(client, employee):
    client.force_login(employee)
    response = client.get(reverse("wagtailsnippets_search_crisisterm:list"))
    assert response.status_code in (302, 403)
