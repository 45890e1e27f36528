"""Does a search suggest the visitor may be in crisis?"""

from .models import CrisisTerm
from .query import WORD


def words_of(text):
    return [word.casefold() for word in WORD.findall(text)]


def suggests_crisis(raw_query, locale):
    """True when any of the locale's crisis phrases appears, as whole words, in the query.

    The raw query is used (before any cleaning) so nothing typed is lost.
    """
    words = words_of(raw_query or "")
    if not words:
        return False
    joined = " " + " ".join(words) + " "
    for phrase in CrisisTerm.objects.filter(locale=locale).values_list("phrase", flat=True):
        phrase_words = words_of(phrase)
        if phrase_words and " " + " ".join(phrase_words) + " " in joined:
            return True
    return False
