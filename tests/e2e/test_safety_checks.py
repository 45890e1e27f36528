"""The editor's Checks panel shows a safe-messaging finding with the suggested wording, before
anything is submitted (Wagtail's own content checker running the lexicon's axe rules)."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.core.factories import StandardPageFactory, UserFactory
from cms.safety.lexicon import seed_lexicon
from cms.workflows import roles
from tests.e2e.test_workflow import PASSWORD, log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


def swedish_draft(site_tree, author):
    # The Swedish seed lexicon, as `manage.py seed_safe_messaging_lexicon` installs it.
    seed_lexicon({"sv": site_tree["sv"].locale})
    draft = StandardPageFactory(
        parent=site_tree["sv"],
        title="Prata om det",
        introduction="En kollega begick självmord förra året.",
        owner=author,
        live=False,
    )
    draft.save_revision(user=author)
    return draft


def test_the_checks_panel_shows_a_swedish_finding_with_its_alternative(
    live_server, page, site_tree
):
    editors = Group.objects.get(name=roles.EDITORS)
    author = UserFactory(username="e2e-sm-author", password=PASSWORD, groups=[editors])
    draft = swedish_draft(site_tree, author)

    log_in_to_admin(page, live_server, "e2e-sm-author")
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    page.get_by_role("button", name="Toggle checks").click()
    panel = page.locator("[data-checks-panel]")
    expect(panel.get_by_text("begick självmord").first).to_be_visible(timeout=30_000)
    expect(panel.get_by_text("dog i suicid").first).to_be_visible()
    # The count on the toggle includes it.
    count = page.locator('[data-side-panel="checks"] [data-content-checker-count]')
    expect(count).not_to_have_text("0")
