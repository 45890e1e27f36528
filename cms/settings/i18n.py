"""Languages, time zone and translation (wagtail-localize, machine translation)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("sv", _("Swedish")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt-br", _("Brazilian Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A translation goes live through review, never because its source page is live.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Synchronised trees (aliases) stay off: an untranslated page is never shown as a copy of the
# source. wagtail-localize only aliases pages into a locale given a "sync from" locale
# (Settings > Locales), which we never set.
# Deleting a source page removes its translation records; its translations stay as pages in
# their own right (wagtail-localize's default, spelled out).
WAGTAILLOCALIZE_DISABLE_ON_DELETE = False


def machine_translator(name):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR for MACHINE_TRANSLATOR=off|dummy|deepl (default off)."""
    name = (name or "off").strip().lower()
    if name in {"off", "none", ""}:
        return None
    if name == "dummy":
        # Offline: reverses each word. For the demo and development only.
        return {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
    if name == "deepl":
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {"AUTH_KEY": os.environ.get("DEEPL_AUTH_KEY", "")},
        }
    raise ImproperlyConfigured(f"MACHINE_TRANSLATOR must be off, dummy or deepl, not {name!r}.")


# Machine translation in the translation editor: off unless MACHINE_TRANSLATOR says otherwise.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(os.environ.get("MACHINE_TRANSLATOR"))
