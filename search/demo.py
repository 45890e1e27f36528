"""Crisis search terms for the six languages.

Safe-messaging: only words people use for how they feel or what they intend, never methods.
Reviewed terms go in through the admin (Snippets → Crisis search terms); this is a start.
"""

from cms.core.demo import read_demo_copy

from .models import CrisisTerm

# language: phrases, from demo_data/<language>.json ("crisis_terms").
CRISIS_TERMS = {code: data["crisis_terms"] for code, data in read_demo_copy("search").items()}


def build_demo(loader):
    for language_code, phrases in CRISIS_TERMS.items():
        locale = loader.locales.get(language_code)
        if locale is None:
            continue
        for phrase in phrases:
            _term, created = CrisisTerm.objects.get_or_create(locale=locale, phrase=phrase)
            if created:
                loader.created["crisis search terms"] += 1
