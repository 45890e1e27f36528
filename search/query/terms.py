"""What was typed: the words a search runs on, and the text kept for picks and counts."""

import re

# Longer queries are cut: nobody types more, and the full-text engines gain nothing from it.
MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def typed_query(raw):
    """What was typed, as editors' picks and the query counts keep it: punctuation stays,
    control characters (NUL among them, which PostgreSQL refuses) go."""
    return CONTROL_CHARACTERS.sub(" ", raw or "").strip()[:MAX_QUERY_LENGTH]


def clean_query(raw):
    """The words of `raw`, joined by spaces: full-text syntax (quotes, *, :, &, |) never
    reaches the engine, so no query can be malformed."""
    raw = (raw or "")[: MAX_QUERY_LENGTH * 2]
    words = WORD.findall(raw.replace("_", " "))
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    return [word.casefold() for word in WORD.findall(query)]
