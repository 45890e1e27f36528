"""Running a site search: what the visitor may see, in their language, with facets and excerpts.

Search terms are sensitive on a mental-health site: nothing here records who searched.

- `terms`: the words a search runs on, and the text kept for picks and counts
- `visibility`: live items in the visitor's language that they may see
- `matching`: what matches, best first, and a topic's or pillar's pages
- `facets`: filters and facet counts, in one query for all matches
- `highlighting`: excerpts and transcript moments from what is already loaded
- `results`: one page of results, loaded in a fixed number of queries

The names callers use are importable from `search.query` itself.
"""

from .facets import (
    DURATION_BANDS,
    DURATION_LABELS,
    Facets,
    FacetValue,
    Facts,
    Filters,
    apply_filters,
    count_facets,
    page_facts,
    support_types,
)
from .highlighting import (
    TranscriptHit,
    excerpt,
    highlight,
    marked_terms,
    page_text,
    stored_searchable_content,
    transcript_hit,
)
from .matching import (
    MAX_MATCHES,
    MAX_SUPPORT_MATCHES,
    SupportKey,
    browse_page_ids,
    browsing_subject,
    counted_all,
    matching_page_ids,
    matching_support,
    pages_with_topic,
)
from .results import PAGE_SIZE, Result, build_results, load_hits, support_item_url
from .terms import MAX_QUERY_LENGTH, WORD, clean_query, query_terms, typed_query
from .visibility import SUPPORT_MODELS, in_language, locale_for, searchable_pages

__all__ = [
    "DURATION_BANDS",
    "DURATION_LABELS",
    "MAX_MATCHES",
    "MAX_QUERY_LENGTH",
    "MAX_SUPPORT_MATCHES",
    "PAGE_SIZE",
    "SUPPORT_MODELS",
    "WORD",
    "FacetValue",
    "Facets",
    "Facts",
    "Filters",
    "Result",
    "SupportKey",
    "TranscriptHit",
    "apply_filters",
    "browse_page_ids",
    "browsing_subject",
    "build_results",
    "clean_query",
    "count_facets",
    "counted_all",
    "excerpt",
    "highlight",
    "in_language",
    "load_hits",
    "locale_for",
    "marked_terms",
    "matching_page_ids",
    "matching_support",
    "page_facts",
    "page_text",
    "pages_with_topic",
    "query_terms",
    "searchable_pages",
    "stored_searchable_content",
    "support_item_url",
    "support_types",
    "transcript_hit",
    "typed_query",
]
