"""The safe-messaging lexicon for the safety tests, on the small base tree: the seed entries
that `manage.py seed_safe_messaging_lexicon` adds on any install (cms/safety/lexicon_seed/),
not demo content."""

import io

from django.core.management import call_command


def seed_the_lexicon():
    """Run the seed command as an operator would; returns its output."""
    out = io.StringIO()
    call_command("seed_safe_messaging_lexicon", stdout=out)
    return out.getvalue()
