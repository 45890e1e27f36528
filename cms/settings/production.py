"""Production: everything from the environment, refuses to start without a secret key."""

import os

from .base import *  # noqa: F403
from .base import env_bool, require_env

SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = require_env("ALLOWED_HOSTS").split(",")
# Links in e-mails and podcast feeds are built from it: a wrong default would go unnoticed.
WAGTAILADMIN_BASE_URL = require_env("WAGTAILADMIN_BASE_URL")

STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# TLS terminates at the load balancer, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# ...and appends the client's address to X-Forwarded-For: login throttling counts that address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' HSTS preload list binds the whole company domain: IT's decision, not ours.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
