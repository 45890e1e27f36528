"""Wagtail's database search backend, with PostgreSQL's text search in each item's language.

Set `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}`. On PostgreSQL each
page or snippet is indexed with the stemming rules of its own locale (Swedish words stemmed as
Swedish, not as English) and a search in a language matches under that language's rules and the
default language's (for untranslated pages shown in its place). On SQLite with FTS5 it is
Wagtail's SQLite backend, ranking in one pass (search/backends/sqlite.py); elsewhere Wagtail's
database backend, unchanged.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_search_backend

# PostgreSQL text-search configurations per content language (`\dF` lists what a server has).
# Override or extend with the backend's "LANGUAGE_CONFIGS" parameter.
LANGUAGE_CONFIGS = {
    "en": "english",
    "sv": "swedish",
    "de": "german",
    "es": "spanish",
    "fr": "french",
    "pt-br": "portuguese",
}


def SearchBackend(params):
    if connection.vendor == "postgresql":
        from .postgres import MultilingualPostgresSearchBackend

        return MultilingualPostgresSearchBackend(params)
    backend = database_search_backend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .sqlite import OnePassSQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:  # FTS5 is available
            return OnePassSQLiteSearchBackend(params)
    return backend


def search_backend_for(language_codes):
    """The default backend, set to search text in `language_codes` where it can."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for_languages = getattr(backend, "for_languages", None)
    return for_languages(*language_codes) if for_languages else backend


def ranked_pks(results):
    """The primary keys of search `results` (sliced), best first: without loading the objects
    where the backend can say (search/backends/sqlite.py), else from the objects it returns."""
    pks = getattr(results, "ranked_pks", None)
    return pks() if pks else [obj.pk for obj in results]
