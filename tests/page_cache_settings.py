"""Settings for the app processes tests/test_page_cache_processes.py starts: the test settings
with the page cache on and Redis (REDIS_URL_FOR_TESTS, db 15) as the shared cache, as production
runs several app servers. DATABASE_URL (the test database) comes from the environment."""

import os

from cms.settings.base import redis_cache_settings
from cms.settings.test import *  # noqa: F403

CACHES = {
    "default": redis_cache_settings(
        os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")
    )
}
PAGE_CACHE_SECONDS = 600
