"""Helplines, support resources, pillars and topics keep drafts: a change reaches the site only
after the editorial and wellbeing review, like pages. A wrong crisis number must never go live
because someone pressed Save."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from cms.core.factories import UserFactory
from cms.core.taxonomy import Topic
from cms.support.factories import HelplineFactory, SupportResourceFactory
from cms.support.models import Helpline
from cms.workflows import roles
from tests.crisis_support import build_crisis_lines
from tests.workflow_support import (
    checklist_answers,
    clients_for,
    snippet_edit_data,
    snippet_edit_url,
    snippet_workflow_action,
)

pytestmark = pytest.mark.django_db

NEW_NUMBER = "90102"


@pytest.fixture(autouse=True)
def support_content(site_tree):
    """Crisis lines in English and Swedish, the English support page, and an "anxiety" topic
    translated into Swedish on a published English episode."""
    from cms.core.demo import translate_demo_object
    from cms.core.factories import TopicFactory
    from cms.support.factories import SupportPageFactory
    from tests.search_support import make_episode, make_show, publish

    lines = build_crisis_lines(languages={"en", "sv"})
    publish(SupportPageFactory(parent=site_tree["en"], slug="support"))
    anxiety = TopicFactory(name="Anxiety", slug="anxiety")
    translate_demo_object(anxiety, site_tree["sv"].locale, {"Anxiety": "Ångest"})
    episode = make_episode(make_show(site_tree), "Worry at work", "On worry.", live=False)
    episode.topics.set([anxiety])
    publish(episode)
    return lines


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    return {
        "translator": UserFactory(
            username="sr-translator", groups=[Group.objects.get(name=roles.TRANSLATORS)]
        ),
        "editor": UserFactory(username="sr-editor", groups=[editors]),
        "reviewer": UserFactory(
            username="sr-reviewer",
            groups=[editors, Group.objects.get(name=roles.WELLBEING_REVIEWERS)],
        ),
    }


@pytest.fixture
def clients(people, client):
    return clients_for(client, people)


def banner_of(client, path):
    return client.get(path).content.decode().split('data-testid="support-banner"')[1][:2000]


def test_a_translators_new_crisis_number_goes_live_only_after_both_reviews(
    clients, people, employee, client
):
    line = Helpline.objects.get(locale__language_code="sv", is_crisis_line=True, sort_order=0)
    old_number = line.phone_number
    client.force_login(employee)
    assert old_number in banner_of(client, "/sv/")

    data = snippet_edit_data(line, people["translator"])
    data.update({"phone_number": NEW_NUMBER, "action-submit": "1"})
    response = clients["translator"].post(snippet_edit_url(line), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    line.refresh_from_db()
    assert line.phone_number == old_number  # the site still shows the reviewed number
    assert line.has_unpublished_changes
    assert line.get_latest_revision_as_object().phone_number == NEW_NUMBER
    state = line.current_workflow_state
    assert state.requested_by == people["translator"]
    assert state.workflow.name == roles.WORKFLOW_NAME
    assert NEW_NUMBER not in banner_of(client, "/sv/")

    # The translator cannot approve their own change; an editor, then a wellbeing reviewer.
    assert snippet_workflow_action(clients["translator"], line, "approve").status_code == 403
    snippet_workflow_action(clients["editor"], line, "approve")
    line.refresh_from_db()
    assert line.phone_number == old_number  # one step is not enough
    snippet_workflow_action(clients["reviewer"], line, "approve", checklist_answers())

    line.refresh_from_db()
    assert line.phone_number == NEW_NUMBER
    assert NEW_NUMBER in banner_of(client, "/sv/")


def test_saving_a_draft_changes_nothing_and_publishing_is_not_offered(clients, people):
    line = Helpline.objects.filter(locale__language_code="sv").first()
    data = snippet_edit_data(line, people["translator"])
    data["phone_number"] = NEW_NUMBER
    clients["translator"].post(snippet_edit_url(line), data)
    line.refresh_from_db()
    assert line.phone_number != NEW_NUMBER
    assert line.get_latest_revision_as_object().phone_number == NEW_NUMBER

    # Nobody in a role group may publish outright: the publish action changes nothing.
    for who in ("translator", "editor"):
        data = snippet_edit_data(line, people[who])
        data.update({"phone_number": "112", "action-publish": "1"})
        clients[who].post(snippet_edit_url(line), data)
        line.refresh_from_db()
        assert line.phone_number != "112"


def test_unpublished_snippets_are_not_shown_anywhere(employee_client):
    english = Locale.objects.get(language_code="en")
    HelplineFactory(name="Draft Numbat Line", live=False, is_crisis_line=True, sort_order=0)
    SupportResourceFactory(title="Draft numbat coaching", live=False)
    source_topic = Topic.objects.get(locale=english, slug="anxiety")
    swedish_topic = source_topic.get_translation(Locale.objects.get(language_code="sv"))
    Topic.objects.filter(pk=swedish_topic.pk).update(live=False, name="Utkast-numbat")

    support = employee_client.get("/en/support/").content.decode()
    assert "Draft Numbat Line" not in support
    assert "Draft numbat coaching" not in support
    search = employee_client.get(reverse("search"), {"q": "numbat"})
    assert search.context["results"] == []
    suggest = employee_client.get(reverse("search_autocomplete"), {"q": "numba"}).json()
    assert suggest["suggestions"] == []
    # A page tagged with the topic shows the (live) source name, not the unreviewed one.
    swedish_listing = employee_client.get("/sv/search/", {"topic": "anxiety"})
    assert swedish_listing.context["browsing"].name == source_topic.name
    assert "Utkast-numbat" not in swedish_listing.content.decode()


def test_a_translators_snippet_translation_reaches_review_from_the_translation_editor(
    clients, people
):
    from urllib.parse import urlencode

    from wagtail_localize.models import StringSegment, Translation

    from cms.core.demo import translate_demo_object

    swedish_locale = Locale.objects.get(language_code="sv")
    source = HelplineFactory(
        name="Quokka International",
        description="Free calls from anywhere.",
        is_crisis_line=False,
    )
    swedish = translate_demo_object(source, swedish_locale, {}, publish=True)
    assert swedish.live and swedish.description == "Free calls from anywhere."

    editor_page = clients["translator"].get(snippet_edit_url(swedish))
    assert editor_page.status_code == 200
    assert "Submit translation for review" in editor_page.content.decode()

    translation = Translation.objects.get(
        source__object_id=source.translation_key, target_locale=swedish_locale
    )
    segment = StringSegment.objects.get(
        source=translation.source, string__data="Free calls from anywhere."
    )
    response = clients["translator"].put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": "Gratis samtal varifrån som helst."}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)
    response = clients["translator"].post(
        snippet_edit_url(swedish), {"workflows-submit-translation": "1"}
    )
    assert response.status_code == 302

    swedish.refresh_from_db()
    assert swedish.live and swedish.description == "Free calls from anywhere."
    assert swedish.get_latest_revision_as_object().description == (
        "Gratis samtal varifrån som helst."
    )
    assert swedish.current_workflow_state.requested_by == people["translator"]
    # The translation editor still opens while the review runs (it showed a server error).
    for who in ("translator", "editor"):
        reopened = clients[who].get(snippet_edit_url(swedish))
        assert reopened.status_code == 200
        assert "workflow-status-dialog" in reopened.content.decode()

    snippet_workflow_action(clients["editor"], swedish, "approve")
    snippet_workflow_action(clients["reviewer"], swedish, "approve", checklist_answers())
    swedish.refresh_from_db()
    assert swedish.description == "Gratis samtal varifrån som helst."


def test_the_translation_editor_offers_no_review_to_someone_who_may_publish(client):
    swedish_locale = Locale.objects.get(language_code="sv")
    from cms.core.demo import translate_demo_object

    source = HelplineFactory(name="Wombat International", is_crisis_line=False)
    swedish = translate_demo_object(source, swedish_locale, {}, publish=True)
    client.force_login(UserFactory(username="sr-admin", is_superuser=True, is_staff=True))
    response = client.get(snippet_edit_url(swedish))
    assert response.status_code == 200
    assert "Submit translation for review" not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 item waits for your “Wellbeing review”."),
        ("sv", "1 objekt väntar på ditt steg ”Wellbeing review”."),
    ],
)
def test_the_reviewers_dashboard_counts_a_snippet_as_an_item(clients, people, language, expected):
    line = Helpline.objects.get(locale__language_code="sv", is_crisis_line=True, sort_order=0)
    data = snippet_edit_data(line, people["translator"])
    data.update({"phone_number": NEW_NUMBER, "action-submit": "1"})
    clients["translator"].post(snippet_edit_url(line), data)
    snippet_workflow_action(clients["editor"], line, "approve")

    people["reviewer"].wagtail_userprofile.preferred_language = language
    people["reviewer"].wagtail_userprofile.save()
    dashboard = clients["reviewer"].get(reverse("wagtailadmin_home")).content.decode()
    assert expected in dashboard
    assert "page waits" not in dashboard
