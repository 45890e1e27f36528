"""Translations go live through the same review: wagtail-localize's own publish routes are
closed to translators and editors, and a translator's work reaches the reviewers."""

import html
import json
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from cms.core.factories import UserFactory
from cms.workflows import roles
from tests.translation_support import translated_listener_pages
from tests.workflow_support import checklist_answers, clients_for, workflow_action

pytestmark = pytest.mark.django_db

SWEDISH_HEADING = "Därför hjälper det att prata"
NEW_SWEDISH_HEADING = "Därför hjälper det att prata med någon"


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    return {
        "translator": UserFactory(
            username="tr-translator", groups=[Group.objects.get(name=roles.TRANSLATORS)]
        ),
        "editor": UserFactory(username="tr-editor", groups=[editors]),
        "reviewer": UserFactory(username="tr-reviewer", groups=[editors, reviewers]),
        "admin": UserFactory(username="tr-admin", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def clients(people, client):
    return clients_for(client, people)


def swedish_translation(site_tree):
    return Translation.objects.get(
        source__object_id=site_tree["en"].translation_key,
        target_locale=site_tree["sv"].locale,
    )


def editor_props(response):
    match = re.search(
        r'class="js-translation-editor" data-props="([^"]*)"', response.content.decode()
    )
    return json.loads(html.unescape(match.group(1)))


def test_the_translation_editor_offers_review_not_publishing_to_a_translator(clients, site_tree):
    response = clients["translator"].get(
        reverse("wagtailadmin_pages:edit", args=[site_tree["sv"].pk])
    )
    assert response.status_code == 200
    assert editor_props(response)["perms"]["canPublish"] is False
    assert "Submit translation for review" in response.content.decode()


def test_a_translator_cannot_publish_from_the_translation_editor(clients, site_tree):
    swedish = site_tree["sv"]
    live_revision = swedish.live_revision_id
    response = clients["translator"].post(
        reverse("wagtailadmin_pages:edit", args=[swedish.pk]), {"action": "publish"}
    )
    # Refused: Wagtail turns the refusal into a redirect to the dashboard.
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert "Heart &amp; Soul" not in response.content.decode()
    swedish.refresh_from_db()
    assert swedish.live_revision_id == live_revision


def test_a_translators_work_reaches_the_reviewers_and_goes_live_once_approved(
    clients, people, site_tree
):
    swedish = site_tree["sv"]
    live_revision = swedish.live_revision_id
    translation = swedish_translation(site_tree)
    segment = StringSegment.objects.get(source=translation.source, string__data="Why talking helps")
    # The translator types a new heading in the editor (its own API).
    response = clients["translator"].put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": NEW_SWEDISH_HEADING}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)

    response = clients["translator"].post(
        reverse("wagtailadmin_pages:edit", args=[swedish.pk]),
        {"workflows-submit-translation": "1"},
    )
    assert response.status_code == 302

    swedish.refresh_from_db()
    assert swedish.live_revision_id == live_revision  # nothing went live
    state = swedish.current_workflow_state
    assert state.requested_by == people["translator"]
    assert state.workflow.name == roles.WORKFLOW_NAME
    draft = swedish.get_latest_revision()
    assert draft.user == people["translator"]
    assert NEW_SWEDISH_HEADING in str(draft.as_object().body)
    employee_view = Page.objects.get(pk=swedish.pk).specific
    assert NEW_SWEDISH_HEADING not in str(employee_view.body)

    # It waits on the editors' dashboard, and goes through both steps.
    dashboard = clients["editor"].get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="awaiting-review-section"' in dashboard
    assert workflow_action(clients["translator"], swedish, "approve").status_code == 403
    workflow_action(clients["editor"], swedish, "approve")
    workflow_action(clients["reviewer"], swedish, "approve", checklist_answers())

    swedish.refresh_from_db()
    assert swedish.live_revision_id != live_revision
    assert NEW_SWEDISH_HEADING in str(swedish.specific.body)


def test_submitting_a_page_that_is_not_a_translation_is_refused_cleanly(clients, site_tree):
    response = clients["admin"].post(
        reverse("wagtailadmin_pages:edit", args=[site_tree["en"].pk]),
        {"workflows-submit-translation": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert "This page is not a synced translation." in response.content.decode()
    site_tree["en"].refresh_from_db()
    assert site_tree["en"].current_workflow_state is None


def test_a_translator_cannot_submit_someone_elses_language(clients, site_tree):
    response = clients["translator"].post(
        reverse("wagtailadmin_pages:edit", args=[site_tree["en"].pk]),
        {"workflows-submit-translation": "1"},
    )
    assert response.status_code in (302, 403)
    assert "Heart &amp; Soul" not in response.content.decode()
    site_tree["en"].refresh_from_db()
    assert site_tree["en"].current_workflow_state is None


@pytest.mark.parametrize("who", ["translator", "editor"])
def test_sync_translations_cannot_publish_them_without_review(
    clients, site_tree, who, django_capture_on_commit_callbacks
):
    translation = swedish_translation(site_tree)
    live_revisions = {
        page.pk: page.live_revision_id
        for page in Page.objects.filter(translation_key=site_tree["en"].translation_key)
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = clients[who].post(
            reverse("wagtail_localize:update_translations", args=[translation.source_id]),
            {"publish_translations": "on"},
        )
    if who == "editor":
        # Editors do not start or sync translations at all.
        assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    else:
        assert response.status_code == 200
        assert "You cannot publish translations directly" in response.content.decode()
    for page in Page.objects.filter(translation_key=site_tree["en"].translation_key):
        assert page.live_revision_id == live_revisions[page.pk]


def test_an_administrator_may_still_sync_and_publish_translations(
    clients, site_tree, django_capture_on_commit_callbacks
):
    translation = swedish_translation(site_tree)
    swedish = site_tree["sv"]
    before = swedish.live_revision_id
    # wagtail-localize publishes once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["admin"].post(
            reverse("wagtail_localize:update_translations", args=[translation.source_id]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302
    swedish.refresh_from_db()
    assert swedish.live_revision_id != before


@pytest.fixture
def helplines(site_tree):
    """The listener's pages (support page, crisis helpline) in English, translated to Swedish
    and German, and a second English helpline with no translation yet."""
    from cms.support.factories import HelplineFactory

    pages = translated_listener_pages(site_tree, ["sv", "de"])
    HelplineFactory(name="Samaritans", phone_number="116 123")
    return pages


def helpline_edit_url(language_code):
    from cms.support.models import Helpline

    helpline = Helpline.objects.filter(locale__language_code=language_code).first()
    return reverse("wagtailsnippets_support_helpline:edit", args=[helpline.pk]), helpline


def test_translators_may_draft_helplines_of_their_languages_only(clients, helplines):
    # Helplines keep drafts: a translator's save changes nothing live (see test_snippet_review).
    url, helpline = helpline_edit_url("sv")
    response = clients["translator"].get(url)
    assert response.status_code == 200
    assert helpline.name in response.content.decode()
    english_url, _english = helpline_edit_url("en")
    response = clients["translator"].get(english_url)
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))


def test_translators_never_edit_the_default_languages_snippets(clients, helplines):
    # With a change permission on helplines, the source language stays out of a translator's
    # reach; their own languages do not.
    english_url, _english = helpline_edit_url("en")
    response = clients["translator"].get(english_url)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    swedish_url, _swedish = helpline_edit_url("sv")
    assert clients["translator"].get(swedish_url).status_code == 200


def test_a_translators_new_snippet_translation_is_a_draft_until_reviewed(
    clients, client, employee, helplines
):
    from cms.support.models import Helpline

    samaritans = Helpline.objects.get(locale__language_code="en", name="Samaritans")
    client.force_login(employee)
    assert "Samaritans" in client.get(helplines["en"].support.url).content.decode()
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["support", "helpline", samaritans.pk],
    )
    german = samaritans.locale.__class__.objects.get(language_code="de")
    response = clients["translator"].post(url, {"locales": [german.pk]})
    assert response.status_code == 302
    translated = samaritans.get_translation(german)
    assert not translated.live  # created as a draft, for review
    client.force_login(employee)
    support = client.get("/de/unterstuetzung/")
    assert support.status_code == 200
    assert helplines["de"].helpline.name in support.content.decode()
    assert "Samaritans" not in support.content.decode()


def test_a_translator_translates_a_page_into_a_draft(clients, site_tree):
    from cms.core.factories import StandardPageFactory

    page = StandardPageFactory(parent=site_tree["en"], title="Sleep and stress")
    page.save_revision().publish()
    german = site_tree["de"].locale
    response = clients["translator"].post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [german.pk]},
    )
    assert response.status_code == 302
    translated = page.get_translation(german)
    assert not translated.live


HIDE_ALIAS_BUTTON = 'a[href*="/convert_to_alias/"] { display: none; }'


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_translator_cannot_turn_a_translation_into_an_alias(clients, site_tree, method):
    """It would delete the translation and publish the English source in its place."""
    swedish = site_tree["sv"]
    live_revision, title = swedish.live_revision_id, swedish.title
    url = reverse("wagtail_localize:convert_to_alias", args=[swedish.pk])

    response = getattr(clients["translator"], method)(url, follow=True)

    assert response.redirect_chain[0] == (
        reverse("wagtailadmin_pages:edit", args=[swedish.pk]),
        302,
    )
    assert "cannot be turned into an alias" in response.content.decode()
    swedish.refresh_from_db()
    assert swedish.alias_of_id is None
    assert (swedish.live_revision_id, swedish.title) == (live_revision, title)
    assert swedish_translation(site_tree).enabled


def test_the_alias_button_is_hidden_from_translators_only(clients, site_tree):
    edit_url = reverse("wagtailadmin_pages:edit", args=[site_tree["sv"].pk])
    translator_page = clients["translator"].get(edit_url).content.decode()
    admin_page = clients["admin"].get(edit_url).content.decode()
    assert HIDE_ALIAS_BUTTON in translator_page
    assert HIDE_ALIAS_BUTTON not in admin_page

    # With the synced translation stopped, Wagtail's own page editor offers the same action.
    Translation.objects.filter(pk=swedish_translation(site_tree).pk).update(enabled=False)
    assert (
        'name="localize-convert-to-alias"'
        not in clients["translator"].get(edit_url).content.decode()
    )
    assert 'name="localize-convert-to-alias"' in clients["admin"].get(edit_url).content.decode()


def test_an_administrator_may_still_convert_a_translation_to_an_alias(clients, site_tree):
    swedish = site_tree["sv"]
    url = reverse("wagtail_localize:convert_to_alias", args=[swedish.pk])
    assert clients["admin"].get(url).status_code == 200  # wagtail-localize's confirmation
    clients["admin"].post(url)
    swedish.refresh_from_db()
    assert swedish.alias_of_id == site_tree["en"].pk
