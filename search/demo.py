"""Crisis search terms for the six languages.

Safe-messaging: only words people use for how they feel or what they intend, never methods.
Reviewed terms go in through the admin (Snippets → Crisis search terms); this is a start.
"""

from .models import CrisisTerm

CRISIS_TERMS = {
    "en": [
        "suicide",
        "suicidal",
        "kill myself",
        "end my life",
        "want to die",
        "self harm",
        "hurt myself",
        "no reason to live",
        "can't go on",
    ],
    "sv": [
        "självmord",
        "självmordstankar",
        "ta mitt liv",
        "vill dö",
        "självskada",
        "skada mig själv",
        "orkar inte leva",
    ],
    "de": [
        "suizid",
        "selbstmord",
        "mich umbringen",
        "sterben wollen",
        "will sterben",
        "selbstverletzung",
        "selbstmordgedanken",
        "suizidgedanken",
        "nicht mehr leben",
    ],
    "es": [
        "suicidio",
        "suicidarme",
        "quitarme la vida",
        "quiero morir",
        "autolesión",
        "hacerme daño",
        "no quiero vivir",
    ],
    "fr": [
        "suicide",
        "me suicider",
        "mettre fin à mes jours",
        "envie de mourir",
        "je veux mourir",
        "automutilation",
        "me faire du mal",
    ],
    "pt-br": [
        "suicídio",
        "me matar",
        "tirar minha vida",
        "quero morrer",
        "automutilação",
        "me machucar",
        "não quero viver",
    ],
}


def build_demo(loader):
    for language_code, phrases in CRISIS_TERMS.items():
        locale = loader.locales.get(language_code)
        if locale is None:
            continue
        for phrase in phrases:
            _term, created = CrisisTerm.objects.get_or_create(locale=locale, phrase=phrase)
            if created:
                loader.created["crisis search terms"] += 1
