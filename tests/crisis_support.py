"""Crisis search terms and crisis helplines for the search and support tests, built on the small
base tree. The phrases are the tests' own (not the demo's seed list), chosen so that every
language has terms of its own and "suicide" belongs to two languages (English and French)."""

from wagtail.models import Locale

from cms.support.factories import HelplineFactory
from search.models import CrisisTerm

# Language: phrases. Safe-messaging: feelings and intentions only, never methods.
TEST_CRISIS_TERMS = {
    "en": ["suicide", "suicidal", "kill myself", "want to die", "self harm", "can't go on"],
    "sv": ["självmord", "vill dö", "självskada"],
    "de": ["selbstmord", "selbstmordgedanken", "will sterben"],
    "es": ["suicidio", "quiero morir", "no quiero vivir"],
    "fr": ["suicide", "envie de mourir", "je veux mourir"],
    "pt-br": ["suicídio", "me matar", "quero morrer", "automutilação"],
}

# Language: the names of its two crisis lines (the first is the banner's).
TEST_CRISIS_LINES = {
    "en": ["Quayside Listening Line", "Harbour Night Line"],
    "sv": ["Stödlinjen Kajen", "Nattlinjen Hamnen"],
    "de": ["Telefonseelsorge Kaimauer", "Nachtlinie Hafen"],
    "es": ["Línea Muelle", "Línea Nocturna Puerto"],
    "fr": ["Ligne Quai", "Ligne de nuit du Port"],
    "pt-br": ["Linha Cais", "Linha Noturna do Porto"],
}


def build_crisis_terms(terms=None):
    """Store the crisis terms (TEST_CRISIS_TERMS unless given); returns them as stored."""
    terms = TEST_CRISIS_TERMS if terms is None else terms
    for language_code, phrases in terms.items():
        locale = Locale.objects.get(language_code=language_code)
        for phrase in phrases:
            CrisisTerm.objects.get_or_create(locale=locale, phrase=phrase)
    return terms


def build_crisis_lines(languages=None, everyday=True, **overrides):
    """Two live crisis helplines per language (TEST_CRISIS_LINES), plus (with `everyday`) one
    ordinary line that is not a crisis line; returns {language code: [crisis lines, first
    first]}."""
    lines = {}
    for language_code, names in TEST_CRISIS_LINES.items():
        if languages is not None and language_code not in languages:
            continue
        locale = Locale.objects.get(language_code=language_code)
        lines[language_code] = [
            HelplineFactory(
                locale=locale,
                name=name,
                phone_number=f"0800 {index}{len(lines)} 1{index}2",
                is_crisis_line=True,
                sort_order=index,
                **overrides,
            )
            for index, name in enumerate(names)
        ]
        if everyday:
            HelplineFactory(
                locale=locale, name=f"Everyday line ({language_code})", is_crisis_line=False
            )
    return lines
