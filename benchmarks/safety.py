"""Safe-messaging checker cost on the longest demo page; the crisis matcher per search.

Builds a throwaway SQLite database with the demo content (or BENCH_SAFETY_DATABASE_URL, a
database it may wipe), finds the live page with the most text (its translatable fields, the
text the checker reads), then times, over BENCH_SAFETY_ROUNDS rounds (default 50):

- baseline: rendering that page for an employee (test client, full middleware stack);
- the field check run on submit for review and by the report (`check_object`);
- marking its rendered HTML for the editor's Checks panel (`annotate_html`), and the same for
  the editor's live page (render + marks) as a ratio to the employee's render;
- the crisis matcher (`crisis_matches`, every language's terms) on a 12-word query.

Figures only; no test asserts timings.
"""

import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
ROUNDS = int(os.environ.get("BENCH_SAFETY_ROUNDS", "50"))


def timed(function, rounds=ROUNDS):
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), sorted(samples)[int(len(samples) * 0.95) - 1]


def main():
    workdir = tempfile.mkdtemp(prefix="hs-bench-safety-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_SAFETY_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["*"]
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.utils import translation
    from wagtail.models import Page

    from cms.safety import checker
    from cms.safety.annotate import annotate_html
    from cms.safety.content import check_object, text_parts
    from search.crisis import crisis_matches

    pages = Page.objects.live().filter(depth__gt=2).specific()
    longest = max(pages, key=lambda page: sum(len(text) for _label, text in text_parts(page)))
    language = longest.locale.language_code
    characters = sum(len(text) for _label, text in text_parts(longest))

    user_model = get_user_model()
    employee = user_model.objects.get(username="employee")
    admin = user_model.objects.filter(is_superuser=True).first()
    employee_client, admin_client = Client(), Client()
    employee_client.force_login(employee)
    admin_client.force_login(admin)
    with translation.override(language):
        url = longest.url
    html = employee_client.get(url).content.decode()
    rules = checker.rules_for(language)
    findings = check_object(longest)
    _marked, marks = annotate_html(html, rules)

    render = timed(lambda: employee_client.get(url))
    editor_render = timed(lambda: admin_client.get(url))
    fields = timed(lambda: check_object(longest))
    marking = timed(lambda: annotate_html(html, rules))
    from library.models import Transcript

    transcript = max(
        Transcript.objects.filter(live=True),
        key=lambda item: sum(len(text) for _label, text in text_parts(item)),
    )
    transcript_characters = sum(len(text) for _label, text in text_parts(transcript))
    transcript_check = timed(lambda: check_object(transcript))
    crisis = timed(
        lambda: crisis_matches("I have felt so tired at work lately and I want to die now"),
        rounds=ROUNDS * 4,
    )

    print(
        f"Longest demo page: “{longest.title}” ({language}), {characters} characters of text, "
        f"{len(html)} bytes of HTML, {len(rules)} lexicon entries, {len(findings)} findings, "
        f"{marks} marks."
    )
    print(f"{'case':<44}{'median ms':>10}{'p95 ms':>10}{'ratio':>8}")
    base = render[0]
    for name, (median, p95) in (
        ("employee renders the page (baseline)", render),
        ("editor renders the live page (+ marks)", editor_render),
        ("field check (submit, report)", fields),
        ("marks in rendered HTML (Checks panel)", marking),
        (f"longest transcript ({transcript_characters} chars)", transcript_check),
        ("crisis matcher, 12-word query", crisis),
    ):
        print(f"{name:<44}{median:>10.2f}{p95:>10.2f}{median / base:>8.2f}")


if __name__ == "__main__":
    main()
