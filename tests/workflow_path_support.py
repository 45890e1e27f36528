"""Review workflow fixtures and helpers: three people, their clients, a submitted page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.core.factories import UserFactory
from cms.core.models import StandardPage
from cms.workflows import roles


@pytest.fixture
def people():
    editors = Group.objects.get(name=roles.EDITORS)
    reviewers = Group.objects.get(name=roles.WELLBEING_REVIEWERS)
    return {
        "author": UserFactory(username="wf-author", groups=[editors]),
        "second_editor": UserFactory(username="wf-second-editor", groups=[editors]),
        "reviewer": UserFactory(username="wf-reviewer", groups=[editors, reviewers]),
    }


def client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def clients(people, client):
    return {name: client_for(type(client), user) for name, user in people.items()}


def create_form_data(model, parent, user):
    """The admin create form for `model` under `parent`, as a browser would post it."""
    from tests.workflow_support import _field_data

    page = model(owner=user, locale=parent.locale)
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=parent)
    data = _field_data(form)
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
    return data


def current_task_name(page):
    page.refresh_from_db()
    task = page.current_workflow_task
    return task.name if task else None


def author_creates_and_submits(clients, people, home, **extra):
    data = create_form_data(StandardPage, home, people["author"])
    data.update(
        {
            "title": "Talking about grief at work",
            "slug": "talking-about-grief",
            "introduction": "How to support a colleague after a loss.",
            "content_notes": "Discusses grief and loss.",
            "action-submit": "1",
            **extra,
        }
    )
    response = clients["author"].post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk]), data
    )
    assert response.status_code == 302, response.content[:2000]
    return StandardPage.objects.get(slug="talking-about-grief")
