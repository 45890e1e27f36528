"""modelsearch (Wagtail's search backends) internals the project's backends build on
(checked against modelsearch 1.3.2). The code stays in search/backends/, next to the
backend it is part of; these entries say what it leans on."""

from .record import VendorPatch

PATCHES = (
    VendorPatch(
        name="sqlite-one-pass-ranking",
        vendor="modelsearch",
        relies_on="modelsearch.backends.database.sqlite: SQLiteSearchQueryCompiler "
        "(FTS_TABLE_FIELDS, fields, queryset, query, order_by_relevance, build_search_query, "
        "get_search_vectors, get_config, private _build_rank_expression), "
        "SQLiteSearchResults (private _do_search, _do_count, _score_field; query_compiler, "
        "backend, start, stop), SQLiteFTSIndexEntry; sqlite.query.MatchExpression and "
        "normalize; SQLiteSearchBackend chosen by modelsearch's database SearchBackend when "
        "FTS5 is available",
        lives_in="search/backends/sqlite.py (chosen in search/backends/__init__.py)",
        works_around="modelsearch's SQLite backend scores each match with a correlated "
        "subquery that runs the full-text match again per matching row: at 20,000 pages, 32 "
        "searches had not finished in 10 minutes.",
        upstream=(
            "https://github.com/wagtail/django-modelsearch/pull/85 (merged: the per-row score "
            "subquery this replaces)",
            "https://github.com/wagtail/django-modelsearch/issues/46",
        ),
        remove_when="modelsearch's SQLite backend ranks in one full-text query (the test of "
        "the vendor SQL then finds one MATCH), or the project stops supporting SQLite search "
        "at scale.",
    ),
    VendorPatch(
        name="postgres-language-configs",
        vendor="modelsearch",
        relies_on="modelsearch.backends.database.postgres.postgres: PostgresSearchBackend "
        "(its `config` attribute, read per object by ObjectIndexer and per query by "
        "get_config), PostgresIndex.add_items, PostgresSearchQueryCompiler."
        "build_tsquery_content(query, config=None, invert=False)",
        lives_in="search/backends/postgres.py (chosen in search/backends/__init__.py)",
        works_around="modelsearch indexes and queries every item with one text-search "
        "configuration (SEARCH_CONFIG), so Swedish, German, … text is stemmed as English.",
        upstream=(
            "https://github.com/wagtail/wagtail/issues/1177 (language-aware search; open)",
            "https://github.com/wagtail/wagtail/issues/9253 (several database backends "
            "overwrite one index; open)",
        ),
        remove_when="modelsearch indexes each object with a configuration chosen per object "
        "(e.g. per locale) and accepts several configurations per query.",
    ),
)
