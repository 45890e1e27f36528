"""Shared fixtures: the small base tree (or, for tests marked `demo`, the demo content), users
per role, and a real S3-protocol server (moto in server mode) on loopback."""

import json
import socket
import uuid

import boto3
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
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
demo_snapshot = {}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "demo: needs the demo content (runs on its own: `pytest -m demo`)"
    )


def pytest_collection_finish(session):
    demo_items = [item for item in session.items if item.get_closest_marker("demo")]
    if demo_items and len(demo_items) != len(session.items):
        raise pytest.UsageError(
            f"{len(demo_items)} of the {len(session.items)} tests selected are marked `demo` and "
            "need the demo database: run them on their own with `pytest -m demo`, and the rest "
            "with `pytest -m 'not demo'` (`make test` runs both)."
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
    """Migrate, then build the small base tree (or, in the demo run, load the demo) once.

    Transactional tests (browser tests: the live server needs committed rows) empty the
    database when they finish; the next one puts the base back first (`ensure_base_tree`), and
    the demo run restores the demo from a snapshot taken here. At the end of the session the
    database is left complete for `--reuse-db` next time.
    """
    demo_run = is_demo_run(request.config)
    with django_db_blocker.unblock():
        if demo_run:
            if not demo_tree_present():
                pytest.exit(
                    "The reused demo test database lost Wagtail's root page (an interrupted "
                    "browser test?). Run again with --create-db.",
                    returncode=3,
                )
            call_command("load_demo", verbosity=0)
            demo_snapshot["data"] = content_types_first(
                connection.creation.serialize_db_to_string()
            )
        else:
            ensure_base_tree()
    yield
    with django_db_blocker.unblock():
        restore_tree_if_flushed(demo_run)


def demo_tree_present():
    from wagtail.models import Page

    return Page.objects.filter(depth=1).exists()


def restore_tree_if_flushed(demo_run):
    if demo_tree_present():
        return
    if not demo_run:
        ensure_base_tree()
        return
    # Whatever post_migrate recreated (content types, permissions) comes back from the snapshot.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()  # its ids are from the flushed rows
    connection.creation.deserialize_db_from_string(demo_snapshot["data"])
    ContentType.objects.clear_cache()
    reset_sequences()


@pytest.fixture(autouse=True)
def _tree_for_transactional_tests(request):
    """A transactional test leaves an empty database behind; put the tree back first."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        restore_tree_if_flushed(is_demo_run(request.config))


def content_types_first(serialized):
    """Building a page (or task) object looks up its content type and creates a missing one
    with a fresh id, which would collide with the snapshot's own row restored later."""
    objects = json.loads(serialized)
    objects.sort(key=lambda obj: obj["model"] != "contenttypes.contenttype")
    return json.dumps(objects)


def reset_sequences():
    """Rows restored with explicit ids leave PostgreSQL's sequences behind; move them on."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


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
