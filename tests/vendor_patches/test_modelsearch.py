"""modelsearch behaviour the search backends build on: SQLite ranking, PostgreSQL configs."""

import inspect

import pytest
from django.db import connection
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_vendor_behaviour_sqlite_one_pass_ranking():
    """modelsearch's SQLite backend scores matches with a second full-text match per row;
    the project's backend builds on the private parts named here."""
    if connection.vendor != "sqlite":
        pytest.skip("modelsearch's SQLite backend exists only on SQLite")
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize  # noqa: F401
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,  # noqa: F401
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )
    from wagtail.search.backends import get_search_backend

    from search.backends.sqlite import OnePassSQLiteSearchBackend

    for attribute in ("_build_rank_expression", "get_search_vectors", "build_search_query"):
        assert callable(getattr(SQLiteSearchQueryCompiler, attribute)), attribute
    assert SQLiteSearchQueryCompiler.FTS_TABLE_FIELDS == ["title", "body"]
    assert "config" in inspect.signature(SQLiteSearchQueryCompiler.build_search_query).parameters
    for attribute in ("_do_search", "_do_count", "get_queryset"):
        assert callable(getattr(SQLiteSearchResults, attribute)), attribute

    assert type(get_search_backend()) is OnePassSQLiteSearchBackend
    vendor_results = SQLiteSearchBackend({}).search("anxiety", Page)
    assert vendor_results._score_field is None
    vendor_sql = str(vendor_results.get_queryset().query)
    assert vendor_sql.count(" MATCH ") >= 2, vendor_sql


def test_vendor_behaviour_postgres_language_configs():
    """modelsearch's PostgreSQL backend has one text-search configuration, read from the
    backend's `config` by its indexer and its queries; the project's backend swaps it."""
    from modelsearch.backends.database.postgres import postgres

    backend = postgres.PostgresSearchBackend({"SEARCH_CONFIG": "swedish"})
    assert backend.config == "swedish"
    assert "self.config = backend.config" in inspect.getsource(postgres.ObjectIndexer.__init__)
    assert callable(postgres.PostgresIndex.add_items)
    parameters = inspect.signature(
        postgres.PostgresSearchQueryCompiler.build_tsquery_content
    ).parameters
    assert list(parameters) == ["self", "query", "config", "invert"]
    get_config = inspect.getsource(postgres.PostgresSearchQueryCompiler.get_config)
    assert "backend.config" in get_config

    if connection.vendor == "postgresql":
        from wagtail.search.backends import get_search_backend

        from search.backends.postgres import MultilingualPostgresSearchBackend

        assert type(get_search_backend()) is MultilingualPostgresSearchBackend
