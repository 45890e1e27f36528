"""The page cache across app processes: two servers (`manage.py runserver`) on the test database,
sharing Redis like production's app servers behind a load balancer. A page one renders is a
hit on the other, and a publish made in another process (this one, as an admin server would)
is seen by both on their next request."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from cms.core.factories import UserFactory
from cms.support.factories import HelplineFactory, SupportPageFactory
from library.factories import EpisodePageFactory, LibraryIndexPageFactory, PodcastShowPageFactory
from tests.conftest import free_port
from tests.page_cache_support import an_episode, crisis_line
from tests.test_cache import real_redis  # noqa: F401  (fixture)
from tests.test_login_throttling import database_url_for_subprocess
from tests.trees import published

ROOT = Path(__file__).resolve().parent.parent
# The host both servers are asked for, as behind one load balancer address.
HOST = "heartandsoul.test"


class AppServer:
    def __init__(self, environment):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def get(self, path, session_key):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            headers={"Host": HOST, "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the app server exited")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the app server did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def listener_pages(transactional_db, site_tree):
    """An English episode (in a show in the library), the support page and a crisis line: its
    number is in the banner on every page. Committed: the app servers read them."""
    home = site_tree["en"]
    HelplineFactory(name="Night line", phone_number="0800 100 100")
    published(SupportPageFactory(parent=home, show_in_menus=True))
    library = published(LibraryIndexPageFactory(parent=home, show_in_menus=True))
    show = published(PodcastShowPageFactory(parent=library, title="Quiet hours"))
    published(EpisodePageFactory(parent=show, title="Rest is not a reward"))


@pytest.fixture
def two_app_servers(real_redis, transactional_db, listener_pages, settings):  # noqa: F811
    settings.PAGE_CACHE_SECONDS = 600
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.page_cache_settings",
        "DATABASE_URL": database_url_for_subprocess(),
    }
    servers = [AppServer(environment), AppServer(environment)]
    try:
        for server in servers:
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_two_app_processes_share_pages_and_invalidation(two_app_servers, settings):
    first, second = two_app_servers
    employee = UserFactory(username="two-process-listener")
    employee.groups.add(Group.objects.get(name="Employees"))
    client = Client()
    client.force_login(employee)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    episode = an_episode()

    status, headers, _body = first.get(episode.url, session_key)
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    status, headers, _body = second.get(episode.url, session_key)
    assert (status, headers["X-Page-Cache"]) == (200, "hit")  # rendered by the other process

    line = crisis_line()
    line.phone_number = "+44 800 555 0101"
    line.save_revision().publish()  # committed: this test runs outside a transaction

    # The next request anywhere renders afresh; the other process then shares that render.
    for server, outcome in ((second, "miss"), (first, "hit")):
        status, headers, body = server.get(episode.url, session_key)
        assert (status, headers["X-Page-Cache"]) == (200, outcome)
        assert "+44 800 555 0101" in body

    episode.title = "Published in another process"
    episode.save_revision().publish()
    status, headers, body = second.get(episode.url, session_key)
    assert headers["X-Page-Cache"] == "miss" and "Published in another process" in body
    status, headers, body = first.get(episode.url, session_key)
    assert headers["X-Page-Cache"] == "hit" and "Published in another process" in body
