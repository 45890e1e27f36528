"""Review-by dates that are kept, with a frozen clock: the daily command lists overdue content
for reviewers (dashboard panel, e-mail digest), shows employees a quiet note after the grace
period while the page stays live, flags helplines to verify, and logs every step once."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry
from wagtail.models.audit_log import ModelLogEntry

from cms.core.factories import UserFactory
from cms.safety.models import ReviewNotice
from cms.support.models import Helpline
from cms.workflows import roles
from tests.crisis_support import build_crisis_lines
from tests.test_safety_review import approve_from_editor, create_and_submit
from tests.workflow_support import submit_for_review, workflow_action

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


def day(offset):
    return START + datetime.timedelta(days=offset)


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    return {
        "author": UserFactory(username="rd-author", groups=[editors]),
        "second_editor": UserFactory(username="rd-second-editor", groups=[editors]),
        "reviewer": UserFactory(
            username="rd-reviewer", email="reviewer@example.com", groups=[editors, reviewers]
        ),
    }


def logged_in(client_class, people):
    clients = {}
    for name, user in people.items():
        clients[name] = client_class()
        clients[name].force_login(user)
    return clients


def signed_off_page(client_class, people, site_tree, review_by):
    clients = logged_in(client_class, people)
    page, _html = create_and_submit(
        clients, people, site_tree["en"], introduction="Small steps after a loss."
    )
    workflow_action(clients["second_editor"], page, "approve")
    page.refresh_from_db()
    approve_from_editor(clients["reviewer"], page, people["reviewer"], review_by=review_by)
    page.refresh_from_db()
    assert page.live
    return page


def run(**options):
    out = io.StringIO()
    call_command("review_overdue", stdout=out, **options)
    return out.getvalue()


def note_shown_to(client, employee, page):
    client.force_login(employee)
    with translation.override("en"):
        response = client.get(page.url)
    assert response.status_code == 200  # still live
    return "This content is being reviewed." in response.content.decode()


def test_overdue_then_note_after_grace_then_gone_after_sign_off(
    client, employee, people, site_tree, settings
):
    settings.REVIEW_GRACE_DAYS = 30
    review_by = day(10).date()
    with time_machine.travel(START, tick=False):
        page = signed_off_page(type(client), people, site_tree, review_by)
        Helpline.objects.filter(live=True).update(verified_on=day(0).date())
    mail.outbox.clear()  # the workflow's own notifications

    # The day of the date: nothing is due.
    with time_machine.travel(day(10), tick=False):
        assert run().startswith("0 pages overdue")
        assert not mail.outbox

    # The day after: listed, logged, e-mailed; employees see no note yet.
    with time_machine.travel(day(11), tick=False):
        assert run().startswith("1 pages overdue, 0 notes shown")
        assert PageLogEntry.objects.filter(page=page, action="safety.review_overdue").count() == 1
        digest = mail.outbox[-1]
        assert "due for review" in digest.subject
        assert "reviewer@example.com" in digest.to  # every wellbeing reviewer with an address
        assert "After a loss at work" in digest.body
        assert not note_shown_to(client, employee, page)
        # The reviewer's dashboard lists it.
        reviewer = type(client)()
        reviewer.force_login(people["reviewer"])
        dashboard = reviewer.get(reverse("wagtailadmin_home")).content.decode()
        assert f'data-overdue-page="{page.pk}"' in dashboard

    # Still within the grace period: no note; a second run logs nothing new.
    with time_machine.travel(day(40), tick=False):
        run(no_email=True)
        assert PageLogEntry.objects.filter(page=page, action="safety.review_overdue").count() == 1
        assert not ReviewNotice.objects.filter(page=page).exists()

    # Past the grace period: the quiet note, the page still live, logged once.
    with time_machine.travel(day(41), tick=False):
        assert "1 notes shown" in run()
        run()
        assert note_shown_to(client, employee, page)
        assert (
            PageLogEntry.objects.filter(page=page, action="safety.review_notice_shown").count() == 1
        )

        # A new sign-off removes the note at once.
        clients = logged_in(type(client), people)
        submit_for_review(clients["author"], page, people["author"], introduction="Updated.")
        workflow_action(clients["second_editor"], page, "approve")
        page.refresh_from_db()
        approve_from_editor(
            clients["reviewer"], page, people["reviewer"], review_by=day(400).date()
        )
        assert not ReviewNotice.objects.filter(page=page).exists()
        assert not note_shown_to(client, employee, page)
        assert PageLogEntry.objects.filter(
            page=page, action="safety.review_notice_removed"
        ).exists()


def test_helplines_not_verified_recently_or_ever_are_flagged(settings):
    settings.HELPLINE_VERIFY_DAYS = 180
    build_crisis_lines(languages={"en", "sv"})  # six live lines, in two languages
    lines = list(Helpline.objects.filter(live=True).order_by("pk")[:3])
    with time_machine.travel(START, tick=False):
        Helpline.objects.filter(live=True).update(verified_on=day(0).date())
        Helpline.objects.filter(pk=lines[0].pk).update(verified_on=day(-181).date())
        Helpline.objects.filter(pk=lines[1].pk).update(verified_on=None)
        Helpline.objects.filter(pk=lines[2].pk).update(verified_on=day(-180).date())
        output = run(no_email=True)
        assert "2 helplines to verify" in output
        flagged = set(
            ModelLogEntry.objects.filter(action="safety.helpline_unverified").values_list(
                "object_id", flat=True
            )
        )
        assert flagged == {str(lines[0].pk), str(lines[1].pk)}
        run(no_email=True)
        assert ModelLogEntry.objects.filter(action="safety.helpline_unverified").count() == 2


def test_a_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        run(today="yesterday")
