"""Cache (Redis when REDIS_URL is set), cached sessions and the page cache."""

import os

# --- Cache --------------------------------------------------------------------------------


def redis_cache_settings(url):
    """A django-redis cache that fails fast and carries on uncached when Redis is down."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "heartandsoul",
        "TIMEOUT": 300,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # Redis unreachable: reads miss and writes are dropped, so pages are served
            # uncached (slower, never an error). Set here, on the cache, where it wins over
            # django-redis's global DJANGO_REDIS_IGNORE_EXCEPTIONS.
            "IGNORE_EXCEPTIONS": True,
        },
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": redis_cache_settings(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every error the cache above ignores is logged (logger "django_redis.cache", level ERROR), so
# an outage shows in the logs rather than only as slower pages. django-redis reads this from
# the settings only: there is no per-cache option.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Speed: the queries of a page-cache miss ---
# Sessions are read from the cache (Redis in production) and written through to the database:
# no session query on a request, and a cache outage still logs nobody out (the database copy
# is read instead).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Speed: page cache (cms/core/page_cache.py) ---
# Seconds a rendered page is kept for employees who share its view-restriction groups; any
# publish, unpublish, move, delete or snippet publish invalidates every page at once.
# 0 turns the page cache (and the cached banner) off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
