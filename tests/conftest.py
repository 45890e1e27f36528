"""Shared fixtures: the small base tree (or, for tests marked `demo`, the demo content), users
per role, and a real S3-protocol server (moto in server mode) on loopback."""

import socket
import uuid

import boto3
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from cms.core.factories import UserFactory
from cms.storage import s3_storage_options
from cms.workflows.roles import ROLE_GROUPS
from tests.trees import ensure_base_tree

S3_REGION = "eu-north-1"
S3_ACCESS_KEY = "testing-access-key"
S3_SECRET_KEY = "testing-secret-key"


# Tests marked `demo` run against the demo content, in a pytest run of their own
# (`pytest -m demo`, with its own test database); every other test starts from the small base
# tree of tests/trees.py and builds what it needs with the factories.
DEMO_RUN = pytest.StashKey[bool]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "demo: needs the demo content (runs on its own: `pytest -m demo`)"
    )


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or (marker and marker.kwargs.get("transaction"))
    )


def pytest_collection_finish(session):
    demo_items = [item for item in session.items if item.get_closest_marker("demo")]
    if demo_items and len(demo_items) != len(session.items):
        raise pytest.UsageError(
            f"{len(demo_items)} of the {len(session.items)} tests selected are marked `demo` and "
            "need the demo database: run them on their own with `pytest -m demo`, and the rest "
            "with `pytest -m 'not demo'` (`make test` runs both)."
        )
    # A transactional test ends by emptying the database: the demo would have to be loaded
    # again after each one. Such tests build their own tree instead.
    transactional = [item.nodeid for item in demo_items if is_transactional(item)]
    if transactional:
        raise pytest.UsageError(
            "Tests marked `demo` cannot be transactional (the demo is loaded once per run): "
            + ", ".join(transactional)
        )
    session.config.stash[DEMO_RUN] = bool(demo_items)


def is_demo_run(config):
    return config.stash.get(DEMO_RUN, False)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """The demo run keeps its own test database, so `--reuse-db` never mixes the two."""
    if not is_demo_run(request.config):
        return
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    name = test_settings.get("NAME") or f"test_{settings.DATABASES['default']['NAME']}"
    stem, dot, extension = str(name).rpartition(".sqlite3")
    test_settings["NAME"] = f"{stem}-demo{dot}{extension}" if dot else f"{name}_demo"


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Migrate, then build the small base tree once, or, in the demo run, load the demo.

    Transactional tests (browser tests: the live server needs committed rows) empty the
    database when they finish; the next test puts the base back first, from code, and so does
    the end of the session, leaving a complete database for `--reuse-db` next time.
    """
    with django_db_blocker.unblock():
        if is_demo_run(request.config):
            call_command("load_demo", verbosity=0)  # on top of what migrate made, as `make demo`
        else:
            ensure_base_tree()
    yield
    with django_db_blocker.unblock():
        ensure_base_tree_after_flush()


def ensure_base_tree_after_flush():
    from wagtail.models import Page

    if not Page.objects.filter(depth=1).exists():
        ensure_base_tree()


@pytest.fixture(autouse=True)
def _tree_for_transactional_tests(request):
    """A transactional test starts where the last one left an empty database: build the base."""
    if is_transactional(request.node):
        request.getfixturevalue("transactional_db")
        ensure_base_tree_after_flush()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """The test client leaves the last request's language active; start every test in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db):
    """The home page of every language, keyed by language code."""
    from cms.core.models import HomePage

    return {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}


@pytest.fixture
def role_users(db):
    """One user per role group, plus a superuser under "Administrators"."""
    from django.contrib.auth.models import Group

    users = {}
    for group_name in ROLE_GROUPS:
        group = Group.objects.get(name=group_name)
        username = "test-" + group_name.lower().replace(" ", "-")
        users[group_name] = UserFactory(username=username, groups=[group])
    users["Administrators"] = UserFactory(username="test-admin", is_superuser=True, is_staff=True)
    return users


@pytest.fixture
def employee(role_users):
    return role_users["Employees"]


@pytest.fixture
def employee_client(client, employee):
    """A test client logged in as an employee (the site's readers)."""
    client.force_login(employee)
    return client


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """A moto S3 server in its own thread, spoken to over HTTP like AWS."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_storages(bucket, endpoint_url, **overrides):
    """A STORAGES setting with both media aliases on S3, as production has them."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": S3_REGION,
        "access_key": S3_ACCESS_KEY,
        "secret_key": S3_SECRET_KEY,
        **overrides,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": s3_storage_options(public=False, **common)},
        "public": {
            "BACKEND": "cms.storage.PublicMediaS3Storage",  # as production: originals signed
            "OPTIONS": s3_storage_options(public=True, **common),
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def s3_client(s3_endpoint):
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
    )


@pytest.fixture
def s3_bucket(s3_client, s3_endpoint, settings):
    """A fresh bucket on the moto server, with the site's storages pointed at it."""
    bucket = f"heartandsoul-test-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
    )
    settings.STORAGES = s3_storages(bucket, s3_endpoint)
    return bucket
