"""PostgreSQL full-text search with one text-search configuration per content language."""

import copy
import operator
from collections import defaultdict
from functools import reduce

from django.conf import settings
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from wagtail.models import Locale

from . import LANGUAGE_CONFIGS

# Text with no language of its own (items without a locale) is indexed without stemming.
NEUTRAL_CONFIG = "simple"


class MultilingualPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index each object with its own language's configuration."""
        language_of_locale = dict(Locale.objects.values_list("pk", "language_code"))
        by_config = defaultdict(list)
        for obj in objs:
            language_code = language_of_locale.get(getattr(obj, "locale_id", None))
            by_config[self.backend.config_for_language(language_code)].append(obj)
        for config, group in by_config.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class MultilingualQueryCompiler(PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        """With several configurations, a match under any of them counts (OR of each)."""
        build = super().build_tsquery_content
        if isinstance(config, tuple):
            return reduce(operator.or_, [build(query, config=one, invert=invert) for one in config])
        return build(query, config=config, invert=invert)


class MultilingualPostgresSearchBackend(PostgresSearchBackend):
    index_class = MultilingualPostgresIndex
    query_compiler_class = MultilingualQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = {**LANGUAGE_CONFIGS, **params.get("LANGUAGE_CONFIGS", {})}
        # Searches that name no language (the admin's) match under every language's rules.
        self.config = self.configs_for(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)

    def config_for_language(self, language_code):
        return self.language_configs.get(language_code, NEUTRAL_CONFIG)

    def configs_for(self, language_codes):
        configs = tuple(dict.fromkeys(self.config_for_language(code) for code in language_codes))
        return configs[0] if len(configs) == 1 else configs

    def with_config(self, config):
        backend = copy.copy(self)
        backend.config = config
        return backend

    def for_languages(self, *language_codes):
        """This backend, searching text as written in `language_codes`."""
        return self.with_config(self.configs_for(language_codes))
