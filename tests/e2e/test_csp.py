"""The Content-Security-Policy holds in a real browser: every public page type, the login pages
and the admin page editor load with the policy on, and the test fails on any violation the
browser reports (the `securitypolicyviolation` event and the console)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from library.models import AudioFile, EpisodePage, Transcript
from tests.e2e.accessibility import log_in_context

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("listener_site")]

# Runs before any page script, outside the page's policy (Playwright injects it).
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
        `(${event.sourceFile || ""}:${event.lineNumber || ""} ${event.sample || ""})`
    );
});
"""


class ViolationRecorder:
    def __init__(self, context):
        self.console = []
        context.add_init_script(COLLECT_VIOLATIONS)
        context.on("console", self.on_console)

    def on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)


def visit(page, recorder, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # late violations (deferred scripts, lazy images)
    events = page.evaluate("window.__cspViolations || []")
    problems = [*events, *recorder.console]
    recorder.console.clear()
    return response, problems


def public_urls():
    """One live English page of each type, plus the site's other pages."""
    seen = {}
    for page in Page.objects.live().filter(locale__language_code="en", depth__gt=1).specific():
        seen.setdefault(type(page).__name__, page.url)
    urls = sorted(seen.values())
    episode = EpisodePage.objects.live().filter(transcript__live=True).first()
    return [
        *urls,
        "/en/pillars/awareness/",
        "/en/search/?q=sleep",
        "/en/search/?topic=burnout",
        "/en/my-listening/",
        "/en/logout/",
        "/sv/",
        episode.url,
    ]


@pytest.fixture
def employee_context(browser, live_server):
    context = browser.new_context(locale="en-GB")
    log_in_context(context, live_server, get_user_model().objects.get(username="employee"))
    recorder = ViolationRecorder(context)
    yield context, recorder
    context.close()


def test_every_public_page_type_loads_without_a_csp_violation(live_server, employee_context):
    context, recorder = employee_context
    page = context.new_page()
    problems = {}
    for url in public_urls():
        response, found = visit(page, recorder, live_server.url + url)
        policy = response.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
        assert "camera=()" in response.headers.get("permissions-policy", ""), url
        if found:
            problems[url] = found
    assert not problems, problems


def test_the_player_plays_under_the_policy(live_server, employee_context):
    context, recorder = employee_context
    page = context.new_page()
    episode = EpisodePage.objects.live().filter(audio__isnull=False).first()
    visit(page, recorder, live_server.url + episode.url)
    page.locator("audio").first.evaluate("audio => audio.play()")
    page.wait_for_timeout(800)
    _, found = visit(page, recorder, live_server.url + episode.url)
    assert not found


def test_the_login_page_loads_without_a_csp_violation(live_server, browser):
    context = browser.new_context(locale="en-GB")
    recorder = ViolationRecorder(context)
    page = context.new_page()
    for url in ("/en/login/", "/admin/login/"):
        _, found = visit(page, recorder, live_server.url + url)
        assert not found, (url, found)
    context.close()


@pytest.fixture
def admin_context(browser, live_server):
    context = browser.new_context(locale="en-GB")
    log_in_context(context, live_server, get_user_model().objects.get(username="admin"))
    recorder = ViolationRecorder(context)
    yield context, recorder
    context.close()


def test_the_admin_page_editor_works_under_the_admin_policy(live_server, admin_context):
    context, recorder = admin_context
    page = context.new_page()
    episode = EpisodePage.objects.live().first()
    # A translated page opens wagtail-localize's translation editor (React).
    translated = EpisodePage.objects.live().filter(locale__language_code="sv").first()
    audio = AudioFile.objects.first()
    transcript = Transcript.objects.first()
    problems = {}
    for url in (
        "/admin/",
        f"/admin/pages/{episode.pk}/edit/",
        f"/admin/pages/{translated.pk}/edit/",
        f"/admin/pages/{episode.get_parent().pk}/",
        f"/admin/snippets/library/audiofile/edit/{audio.pk}/",
        f"/admin/snippets/library/transcript/edit/{transcript.pk}/",
        "/admin/images/",
        "/admin/documents/",
    ):
        response, found = visit(page, recorder, live_server.url + url)
        assert response.status == 200, url
        assert "frame-ancestors 'self'" in response.headers.get("content-security-policy", "")
        if found:
            problems[url] = found
    # The editor's preview panel renders the page inside the admin.
    page.goto(live_server.url + f"/admin/pages/{episode.pk}/edit/")
    preview = page.get_by_role("button", name="Toggle preview")
    if preview.count():
        preview.first.click()
        page.wait_for_timeout(1500)
        found = page.evaluate("window.__cspViolations || []") + recorder.console
        if found:
            problems["preview panel"] = found
    assert not problems, problems
    assert get_snippet_models()  # the snippet editors above exist


def test_public_pages_with_the_wagtail_userbar_load_without_a_csp_violation(
    live_server, admin_context
):
    """Staff see {% wagtailuserbar %} on the site: it must live under the site's strict policy."""
    context, recorder = admin_context
    page = context.new_page()
    problems = {}
    for url in public_urls()[:4]:
        _, found = visit(page, recorder, live_server.url + url)
        assert page.locator("wagtail-userbar").count() == 1, url
        page.locator("wagtail-userbar").first.evaluate(
            "bar => bar.shadowRoot && bar.shadowRoot.querySelector('button')?.click()"
        )
        page.wait_for_timeout(300)
        found += page.evaluate("window.__cspViolations || []")
        if found:
            problems[url] = sorted(set(found))
    assert not problems, problems
