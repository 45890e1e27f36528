"""On PostgreSQL, text is stemmed by the rules of its own language: a Swedish page is found by
another form of a Swedish word, an English page standing in for a missing translation by
another form of an English one. (SQLite's full-text search has no stemming per language.)"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from search.backends import search_backend_for
from tests.search_support import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("Per-language stemming is PostgreSQL's; run with DATABASE_URL (CI does).")


def titles(client, q, language):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return [result.title for result in response.context["results"]]


def test_each_language_is_stemmed_by_its_own_rules(postgres, employee_client, site_tree):
    make_page(site_tree["sv"], "Kvällsprat", "En promenad genom trädgårdarna.")
    make_page(site_tree["de"], "Abendrunde", "Ein Spaziergang zwischen Gartenzwergen.")
    # English rules index "trädgårdarna" and "gartenzwergen" as they are: no match.
    assert titles(employee_client, "trädgård", "sv") == ["Kvällsprat"]
    assert titles(employee_client, "Gartenzwerg", "de") == ["Abendrunde"]


def test_untranslated_english_pages_are_matched_by_english_rules(
    postgres, employee_client, site_tree
):
    make_page(site_tree["en"], "Evening walk", "Gardening as a way to rest the mind.")
    # Swedish rules alone leave "gardening" and "gardens" apart.
    assert titles(employee_client, "gardens", "sv") == ["Evening walk"]
    assert titles(employee_client, "gardens", "en") == ["Evening walk"]


def test_a_full_reindex_keeps_each_language(postgres, employee_client, site_tree):
    make_page(site_tree["fr"], "Le soir", "Des jardinières sur le balcon.")
    call_command("update_index", verbosity=0)
    assert titles(employee_client, "jardinier", "fr") == ["Le soir"]


def test_other_databases_keep_wagtails_backend_without_language_rules():
    backend = search_backend_for(["sv", "en"])
    if connection.vendor == "postgresql":
        assert backend.config == ("swedish", "english")
        assert search_backend_for(["en", "en"]).config == "english"
    else:
        # SQLite has no language rules to choose: the one-pass SQLite backend, as it is.
        from search.backends.sqlite import OnePassSQLiteSearchBackend

        assert type(backend) is OnePassSQLiteSearchBackend
        assert not hasattr(backend, "for_languages")
