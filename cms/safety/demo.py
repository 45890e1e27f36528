"""Demo: the seed safe-messaging lexicon for the six languages (cms/safety/lexicon.py)."""

from .lexicon import seed_lexicon


def build_demo(loader):
    added = seed_lexicon(loader.locales)
    if added:
        loader.created["safe-messaging lexicon entries"] += added
