"""Seeding the safe-messaging lexicon: adds the seed entries (cms/safety/lexicon_seed/, a module
per language) that a language's list is missing. Wellbeing reviewers own the lists in the
admin (Snippets > Safe-messaging lexicon); `load_demo` and
`manage.py seed_safe_messaging_lexicon` call seed_lexicon, which never changes edited entries.
"""

from .lexicon_seed import LEXICON


def seed_lexicon(locales):
    """Add the missing seed entries for each locale in `locales` ({code: Locale}). Returns the
    number added."""
    from .models import SafeMessagingRule

    added = 0
    for language_code, entries in LEXICON.items():
        locale = locales.get(language_code)
        if locale is None:
            continue
        existing = set(
            SafeMessagingRule.objects.filter(locale=locale).values_list("phrase", flat=True)
        )
        for phrase, category, severity, alternative, why, source in entries:
            is_pattern = phrase.startswith("re:")
            phrase = phrase[3:] if is_pattern else phrase
            if phrase in existing:
                continue
            SafeMessagingRule.objects.create(
                locale=locale,
                phrase=phrase,
                is_pattern=is_pattern,
                category=category,
                severity=severity,
                alternative=alternative,
                why=why,
                source=source,
            )
            added += 1
    return added
