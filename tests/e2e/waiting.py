"""Waiting for a condition inside a page that runs under the site's Content-Security-Policy."""

import time


def wait_until(page, expression, timeout=10_000):
    """Poll `expression` in the page until it is truthy. Playwright's `wait_for_function` runs
    its predicate through eval(), which the site's policy (no 'unsafe-eval') rightly refuses;
    `page.evaluate` goes through the debugging protocol, so the tests run under the real policy."""
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)
