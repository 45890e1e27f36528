"""SQLite full-text search ranked in one pass.

modelsearch's SQLite backend finds the matches with FTS5, then attaches each match's score with
a correlated subquery that runs the full-text match again for every matching row, so a common
word on a large site costs one FTS query per match. Here the matches of the allowed objects are
scored and ordered in the one FTS query, and only the page of ids asked for is loaded.
"""

from django.db.models import BigIntegerField, IntegerField, TextField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class OnePassMixin:
    def one_pass_applies(self, score_field):
        """Ranked searches only; scores asked for, negations and match-all keep the original."""
        query = normalize(self.query)
        return (
            self.order_by_relevance
            and score_field is None
            and not isinstance(query, MatchAll | Not)
        )

    def ranked_ids(self, config):
        """Ids (as stored in the index, text) of the allowed matches, best first."""
        query = normalize(self.query)
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        allowed = self.queryset.order_by().annotate(_indexed_id=Cast("pk", TextField()))
        return (
            SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=allowed.values("_indexed_id"),
            )
            .annotate(score=self._build_rank_expression(self.get_search_vectors(), config))
            # BM25 scores are lower for better matches; ties newest first, as modelsearch does.
            .order_by("score", self.newest_first())
            .values_list("index_entry__object_id", flat=True)
        )

    def newest_first(self):
        """Descending primary key, compared as a number when it is one (the index keeps text)."""
        if isinstance(self.queryset.model._meta.pk, IntegerField):
            return Cast("index_entry__object_id", BigIntegerField()).desc()
        return "-index_entry__object_id"

    def objects_in_order(self, ids):
        pk_field = self.queryset.model._meta.pk
        wanted = [pk_field.to_python(value) for value in ids]
        found = {obj.pk: obj for obj in self.queryset.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]


class OnePassSearchQueryCompiler(OnePassMixin, SQLiteSearchQueryCompiler):
    pass


class OnePassAutocompleteQueryCompiler(OnePassMixin, SQLiteAutocompleteQueryCompiler):
    pass


class OnePassSearchResults(SQLiteSearchResults):
    def _do_search(self):
        compiler = self.query_compiler
        if not compiler.one_pass_applies(self._score_field):
            return super()._do_search()
        config = compiler.get_config(self.backend)
        ids = list(compiler.ranked_ids(config)[self.start : self.stop])
        return compiler.objects_in_order(ids)

    def ranked_pks(self):
        """The primary keys `_do_search` would load the objects of, without loading them (the
        ranked query already keeps to the allowed objects)."""
        compiler = self.query_compiler
        if not compiler.one_pass_applies(self._score_field):
            return [obj.pk for obj in self]
        ids = compiler.ranked_ids(compiler.get_config(self.backend))[self.start : self.stop]
        pk_field = compiler.queryset.model._meta.pk
        return [pk_field.to_python(value) for value in ids]

    def _do_count(self):
        compiler = self.query_compiler
        if not compiler.one_pass_applies(self._score_field):
            return super()._do_count()
        return compiler.ranked_ids(compiler.get_config(self.backend)).count()


class OnePassSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = OnePassSearchQueryCompiler
    autocomplete_query_compiler_class = OnePassAutocompleteQueryCompiler
    results_class = OnePassSearchResults
