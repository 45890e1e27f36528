"""Does a search suggest the visitor may be in crisis, and in which language?

People in distress type in whatever language comes first, so the query is compared with the
crisis terms of *every* language, not only the interface's. Matching is by words and phrases
(never inside a longer word: "skill" does not match "kill"), after normalising both sides:

- case and accents (``Självmord`` = ``sjalvmord``, ``suicídio`` = ``suicidio``);
- spacing and hyphens (``self-harm`` = ``self harm`` = ``selfharm``,
  ``själv mord`` = ``självmord``);
- common misspellings: one typo (a letter missing, extra, wrong, or two swapped) in a word of
  ``FUZZY_MIN_LENGTH`` letters or more (``suicde``, ``selbstmrod``); shorter words must match
  exactly, because one letter changes them into ordinary words.

The raw query is never logged or stored by this module.
"""

import unicodedata
from dataclasses import dataclass

from cms.core.page_cache import generation_cached

from .models import CrisisTerm
from .query import WORD

# Shorter words are too close to ordinary words ("kill"/"kilt", "dö"/"do") for typo tolerance.
FUZZY_MIN_LENGTH = 7
# A query longer than this many words is cut: crisis phrases are short, and this bounds the work.
MAX_QUERY_WORDS = 64


def normalise(text):
    """Lower-case words without accents: "Självmord, NU" -> ["sjalvmord", "nu"]."""
    text = unicodedata.normalize("NFKD", (text or "").replace("_", " ").casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return WORD.findall(text)


def words_of(text):
    """Kept for callers that want the words as typed (case-folded, accents kept)."""
    return [word.casefold() for word in WORD.findall(text or "")]


def within_one_edit(typed, term):
    """True when `typed` is `term` with at most one letter missing, extra, wrong, or two
    neighbours swapped (optimal string alignment distance <= 1)."""
    if typed == term:
        return True
    if abs(len(typed) - len(term)) > 1:
        return False
    if len(typed) == len(term):
        diffs = [i for i, (a, b) in enumerate(zip(typed, term, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and typed[diffs[0]] == term[diffs[1]]
            and typed[diffs[1]] == term[diffs[0]]
        )
    shorter, longer = sorted((typed, term), key=len)
    return any(longer[:index] + longer[index + 1 :] == shorter for index in range(len(longer)))


def word_matches(typed, term_word):
    if len(term_word) >= FUZZY_MIN_LENGTH and len(typed) >= FUZZY_MIN_LENGTH - 1:
        return within_one_edit(typed, term_word)
    return typed == term_word


@dataclass(frozen=True)
class CrisisMatch:
    language_code: str
    phrase: str


def phrase_at(words, start, phrase_words):
    """How many query words from `start` make up the phrase (0: no match there).

    Either word by word (each long word allowing one typo), or the phrase written with its
    spaces removed or added: the joined letters of one to len(phrase)+1 query words equal the
    phrase's joined letters exactly."""
    count = len(phrase_words)
    window = words[start : start + count]
    if len(window) == count and all(
        word_matches(typed, wanted) for typed, wanted in zip(window, phrase_words, strict=True)
    ):
        return count
    joined_phrase = "".join(phrase_words)
    for size in range(1, count + 2):
        window = words[start : start + size]
        if len(window) < size:
            break
        # Spacing only: exact letters, so "te matar" is not taken for "me matar".
        if size != count and "".join(window) == joined_phrase:
            return size
    return 0


def crisis_terms():
    """Every crisis term as (language code, phrase): kept with the page cache's frame when it
    is on (saving or deleting a term moves the frame on: search.signal_handlers)."""
    return generation_cached(
        "crisis-terms",
        [],
        lambda: list(CrisisTerm.objects.values_list("locale__language_code", "phrase")),
        frame=True,
    )


def crisis_matches(raw_query, terms=None):
    """Every crisis term (of any language) found in the query, in the order of the terms'
    first appearance in the query."""
    words = normalise(raw_query)[:MAX_QUERY_WORDS]
    if not words:
        return []
    if terms is None:
        terms = crisis_terms()
    compiled = [(code, phrase, normalise(phrase)) for code, phrase in terms]
    found = []
    for start in range(len(words)):
        for code, phrase, phrase_words in compiled:
            if phrase_words and phrase_at(words, start, phrase_words):
                found.append(CrisisMatch(code, phrase))
    return found


def crisis_languages(raw_query, terms=None):
    """The languages whose crisis terms the query contains, first found first."""
    languages = []
    for match in crisis_matches(raw_query, terms):
        if match.language_code not in languages:
            languages.append(match.language_code)
    return languages


def suggests_crisis(raw_query, locale=None):
    """True when the query contains a crisis term of any language (`locale` is not used:
    kept so older callers keep working)."""
    return bool(crisis_matches(raw_query))
