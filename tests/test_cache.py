"""The cache is Redis in production; Redis going away must cost speed, never pages."""

import os
import time

import pytest
import redis
from django.core.cache import cache

from cms.settings.base import redis_cache_settings
from tests.conftest import free_port

REDIS_URL = os.environ.get("REDIS_URL_FOR_TESTS", "redis://127.0.0.1:6379/15")


@pytest.fixture
def real_redis(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide Redis at {REDIS_URL}")
        pytest.skip(f"No Redis at {REDIS_URL}")
    settings.CACHES = {"default": redis_cache_settings(REDIS_URL)}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")}


def test_values_round_trip_through_redis(real_redis):
    cache.set("greeting", {"text": "hej"}, timeout=30)
    assert cache.get("greeting") == {"text": "hej"}
    client = redis.Redis.from_url(REDIS_URL)
    assert any(b"greeting" in key for key in client.keys("heartandsoul*"))


def test_cache_calls_fail_soft_and_fast_when_redis_is_down(redis_down, caplog):
    started = time.monotonic()
    cache.set("greeting", "hej")
    assert cache.get("greeting", "fallback") == "fallback"
    assert time.monotonic() - started < 5
    # Ignored, not hidden: each failed call is in the log (DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS).
    ignored = [record for record in caplog.records if record.name == "django_redis.cache"]
    assert len(ignored) == 2 and all(record.exc_info for record in ignored)


@pytest.mark.django_db
def test_pages_still_render_when_redis_is_down(redis_down, client, site_tree, employee):
    client.force_login(employee)
    response = client.get(site_tree["en"].url)
    assert response.status_code == 200
    assert client.get("/healthz").status_code == 200
