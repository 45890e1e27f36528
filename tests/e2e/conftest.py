"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil
import threading
import time

import pytest

from tests.trees import build_listener_pages, ensure_people

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Chromium must not reach for Google's services: this machine has no network, and a test
# should not depend on one.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable
# from the test body for setup and assertions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def people(_tree_for_transactional_tests):
    """The people the journeys are walked as, by username (see tests/trees.py)."""
    return ensure_people()


@pytest.fixture
def listener_site(site_tree):
    """One page of each type a listener reads, in English and in Swedish (tests/trees.py)."""
    return {code: build_listener_pages(site_tree[code]) for code in ("en", "sv")}


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM_PATH) or shutil.which(CHROMIUM_PATH)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM_PATH} is missing.")
        pytest.skip(f"Chromium not found at {CHROMIUM_PATH}: `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    wait_for_live_server_requests()


def wait_for_live_server_requests(timeout=15.0):
    """Let the live server finish what the browser asked before the test's flush runs.

    A request still being served when the test ends (an editor page's chooser preview writing
    an image rendition, say) races the TRUNCATE that ends a transactional test; PostgreSQL then
    ends the flush as a deadlock. The server's request threads are named after their target."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(
            thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
        ):
            return
        time.sleep(0.05)
