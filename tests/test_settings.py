"""Settings are code too: each module is loaded in a clean subprocess with a chosen environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "secret_key_set": bool(settings.SECRET_KEY),
    "database_engine": settings.DATABASES["default"]["ENGINE"],
    "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE"),
    "conn_health_checks": settings.DATABASES["default"].get("CONN_HEALTH_CHECKS"),
    "storages": {alias: conf["BACKEND"] for alias, conf in settings.STORAGES.items()},
    "private_options": {
        key: value for key, value in settings.STORAGES["default"].get("OPTIONS", {}).items()
        if key in ("location", "querystring_auth", "default_acl", "file_overwrite",
                   "signature_version", "custom_domain", "bucket_name")
    },
    "public_options": {
        key: value for key, value in settings.STORAGES["public"].get("OPTIONS", {}).items()
        if key in ("location", "querystring_auth", "default_acl", "custom_domain")
    },
    "client_config": (
        {
            "connect_timeout": cfg.connect_timeout,
            "read_timeout": cfg.read_timeout,
            "retries": cfg.retries,
        }
        if (cfg := settings.STORAGES["default"].get("OPTIONS", {}).get("client_config"))
        else None
    ),
    "cache_backend": settings.CACHES["default"]["BACKEND"],
    "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
    "languages": [code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES],
    "sync_live": settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE,
    "machine_translator": (settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR or {}).get("CLASS"),
}, default=str))
"""

ENVIRONMENT_VARIABLES = [
    "DATABASE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "DJANGO_SETTINGS_MODULE",
    "WAGTAILADMIN_BASE_URL",
    "MACHINE_TRANSLATOR",
]
PRODUCTION_ESSENTIALS = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "hs.example.com",
    "WAGTAILADMIN_BASE_URL": "https://hs.example.com",
}


def load_settings(module, **env):
    clean_env = {
        key: value for key, value in os.environ.items() if key not in ENVIRONMENT_VARIABLES
    }
    clean_env |= {"DJANGO_SETTINGS_MODULE": f"cms.settings.{module}", **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + SHOW_SETTINGS],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result


def settings_of(module, **env):
    result = load_settings(module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_test_settings_need_no_environment():
    loaded = settings_of("test")
    assert loaded["secret_key_set"]
    assert loaded["database_engine"] == "django.db.backends.sqlite3"
    assert loaded["storages"]["default"] == "django.core.files.storage.FileSystemStorage"


def test_dev_settings_run_on_sqlite_and_local_files_with_no_environment():
    loaded = settings_of("dev")
    assert loaded["debug"] is True
    assert loaded["database_engine"] == "django.db.backends.sqlite3"
    assert loaded["cache_backend"] == "django.core.cache.backends.locmem.LocMemCache"
    assert set(loaded["storages"].values()) >= {"django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize("module", ["dev", "production"])
def test_machine_translation_is_offered_only_when_machine_translator_names_one(module):
    env = PRODUCTION_ESSENTIALS if module == "production" else {}
    assert settings_of(module, **env)["machine_translator"] is None
    assert settings_of(module, MACHINE_TRANSLATOR="off", **env)["machine_translator"] is None
    # The offline dummy translator (it reverses words) stays selectable, for tests that need it.
    assert (
        settings_of(module, MACHINE_TRANSLATOR="dummy", **env)["machine_translator"]
        == "wagtail_localize.machine_translators.dummy.DummyTranslator"
    )


def test_base_settings_have_no_debug_and_no_default_secret():
    result = load_settings("base")
    assert result.returncode != 0
    assert "SECRET_KEY setting must not be empty" in result.stderr

    loaded = settings_of("base", SECRET_KEY="x" * 50)
    assert loaded["debug"] is False


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ESSENTIALS))
def test_production_refuses_to_start_without_its_essentials(missing):
    env = {key: value for key, value in PRODUCTION_ESSENTIALS.items() if key != missing}
    result = load_settings("production", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_reads_postgres_from_database_url_with_persistent_connections():
    loaded = settings_of(
        "production",
        **PRODUCTION_ESSENTIALS,
        DATABASE_URL="postgres://hs:secret@db.internal:5432/heartandsoul",
    )
    assert loaded["database_engine"] == "django.db.backends.postgresql"
    assert loaded["conn_max_age"] > 0
    assert loaded["conn_health_checks"] is True


@pytest.mark.parametrize("module", ["dev", "production"])
def test_local_files_when_no_bucket_is_set(module):
    loaded = settings_of(module, **PRODUCTION_ESSENTIALS)
    assert loaded["storages"]["default"] == "django.core.files.storage.FileSystemStorage"
    assert loaded["storages"]["public"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize("module", ["dev", "production"])
def test_s3_storages_exactly_when_the_bucket_is_set(module):
    loaded = settings_of(
        module,
        **PRODUCTION_ESSENTIALS,
        AWS_STORAGE_BUCKET_NAME="hs-media",
        AWS_S3_CUSTOM_DOMAIN="media.hs.example.com",
    )
    assert loaded["storages"]["default"] == "storages.backends.s3.S3Storage"
    assert loaded["storages"]["public"] == "cms.storage.PublicMediaS3Storage"
    assert loaded["private_options"] == {
        "bucket_name": "hs-media",
        "location": "private",
        "querystring_auth": True,
        "default_acl": "private",
        "file_overwrite": False,
        "signature_version": "s3v4",
        "custom_domain": None,
    }
    assert loaded["public_options"] == {
        "location": "public",
        "querystring_auth": False,
        "default_acl": None,
        "custom_domain": "media.hs.example.com",
    }
    client_config = loaded["client_config"]
    assert client_config["connect_timeout"] <= 2
    assert client_config["read_timeout"] <= 5
    # Total attempts, the first included (botocore's "max_attempts" would count retries).
    assert client_config["retries"] == {"total_max_attempts": 2, "mode": "standard"}


def test_redis_cache_when_redis_url_is_set_and_it_tolerates_outages():
    loaded = settings_of("dev", REDIS_URL="redis://127.0.0.1:6379/1")
    assert loaded["cache_backend"] == "django_redis.cache.RedisCache"
    assert loaded["cache_options"]["IGNORE_EXCEPTIONS"] is True
    assert loaded["cache_options"]["SOCKET_CONNECT_TIMEOUT"] <= 2
    assert loaded["cache_options"]["SOCKET_TIMEOUT"] <= 2


def test_content_languages_and_translation_review_settings():
    loaded = settings_of("test")
    assert loaded["languages"] == ["en", "sv", "de", "es", "fr", "pt-br"]
    assert loaded["sync_live"] is False
