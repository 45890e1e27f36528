"""The seed safe-messaging lexicon, a module per language: a start for each language's Wellbeing
reviewers, who own the lists in the admin (Snippets > Safe-messaging lexicon). `load_demo` and
`manage.py seed_safe_messaging_lexicon` add missing entries (cms/safety/lexicon.py) and never
change edited ones.

Written for this project from the guidance (not copied from it):
- samaritans: Samaritans, Media guidelines for reporting suicide (UK);
- reportingonsuicide: Recommendations for Reporting on Suicide (reportingonsuicide.org);
- who_iasp: WHO and IASP, Preventing suicide: a resource for media professionals (2023 update).

Entry: (phrase, category, severity, suggested alternative, why, source); a phrase starting
with "re:" is a pattern (regular expression). Method entries name no method in detail: they
catch wording that describes one.
"""

from .de import ENTRIES as DE
from .en import ENTRIES as EN
from .es import ENTRIES as ES
from .fr import ENTRIES as FR
from .pt_br import ENTRIES as PT_BR
from .sv import ENTRIES as SV

LEXICON = {
    "en": EN,
    "sv": SV,
    "de": DE,
    "es": ES,
    "fr": FR,
    "pt-br": PT_BR,
}
