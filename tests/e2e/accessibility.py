"""axe-core checks for the browser tests (WCAG 2.2 AA), and a quick log-in for a browser context."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Checks axe cannot decide and that we treat as failures: a recording must never start by itself.
INCOMPLETE_AS_FAILURE = {"no-autoplay-audio"}

axe = Axe()


def axe_problems(page, include=None):
    """Violations, plus the `incomplete` results we treat as failures, as readable lines.

    `include`: CSS selectors of the parts to check (the project's own elements on a screen whose
    surrounding markup is Wagtail's); the whole page when None. A selector matching nothing is
    refused, so a check can never pass by looking at nothing."""
    context = None
    if include is not None:
        for selector in include:
            assert page.locator(selector).count(), f"nothing to check at {selector}"
        context = {"include": [[selector] for selector in include]}
    results = axe.run(
        page,
        context=context,
        options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA_TAGS},
            "resultTypes": ["violations", "incomplete"],
        },
    ).response
    problems = list(results["violations"])
    problems += [item for item in results["incomplete"] if item["id"] in INCOMPLETE_AS_FAILURE]
    return [
        f"{problem['id']} ({problem['impact']}): {problem['help']} at "
        + "; ".join(", ".join(node["target"]) for node in problem["nodes"][:5])
        for problem in problems
    ]


def log_in_context(context, live_server, user):
    """Give a Playwright browser context the session of `user` (no login form needed)."""
    client = Client()
    client.force_login(user)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie.value,
                "url": live_server.url,
            }
        ]
    )
