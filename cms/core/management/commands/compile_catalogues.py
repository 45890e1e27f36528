"""Compile the project's message catalogues (locale/*/LC_MESSAGES/*.po) to .mo files.

Pure Python (polib, installed with wagtail-localize), so it needs no GNU gettext and gives the
same bytes on every machine: the compiled files are committed, and a test checks they match
their .po files. `make compilemessages`, `make demo` and `make test` run it.
"""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def catalogue_paths():
    for locale_path in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po"))


def compile_catalogue(po_path):
    """The .mo bytes for one .po file; CommandError naming the file if it cannot be read."""
    try:
        catalogue = polib.pofile(str(po_path))
    except (OSError, ValueError) as error:
        raise CommandError(f"{po_path}: {error}") from error
    for entry in catalogue.translated_entries():
        # A translation that loses or invents a placeholder would crash or mislead at runtime.
        if "python-format" in entry.flags:
            check_placeholders(po_path, entry)
    return catalogue.to_binary()


def placeholders(text):
    """The printf-style placeholders of a message, e.g. ["number"] for "Call %(number)s"."""
    return sorted(PLACEHOLDER.findall(text))


def check_placeholders(po_path, entry):
    """A translation may use only the placeholders of its source (a plural's one form may
    leave the count out)."""
    allowed = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural or ""))
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    for text in texts:
        unknown = set(placeholders(text)) - allowed
        if text and unknown:
            raise CommandError(
                f"{po_path}: the translation of {entry.msgid!r} uses placeholders "
                f"{sorted(unknown)} that the source does not have ({sorted(allowed)})."
            )


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (pure Python, reproducible)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; fail if a compiled file is missing or out of date.",
        )

    def handle(self, *args, check=False, **options):
        stale = []
        for po_path in catalogue_paths():
            mo_path = po_path.with_suffix(".mo")
            compiled = compile_catalogue(po_path)
            if mo_path.exists() and mo_path.read_bytes() == compiled:
                continue
            if check:
                stale.append(str(mo_path))
            else:
                mo_path.write_bytes(compiled)
                self.stdout.write(f"Compiled {mo_path}")
        if stale:
            raise CommandError("Out of date: " + ", ".join(stale) + ". Run `make compilemessages`.")
