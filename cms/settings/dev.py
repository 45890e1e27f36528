"""Local development: DEBUG on, a throwaway secret, every host allowed on this machine."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo may machine-translate offline with the dummy translator; never in production.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(
    os.environ.get("MACHINE_TRANSLATOR", "dummy")
)
