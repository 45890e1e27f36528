"""Local development: DEBUG on, a throwaway secret, every host allowed on this machine."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Machine translation stays as base.py reads it: off unless MACHINE_TRANSLATOR names one. The
# dummy translator (it reverses words) is never offered by default, not even in the demo; set
# MACHINE_TRANSLATOR=dummy to try the translation editor's machine-translate button offline.
