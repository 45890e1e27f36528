"""Who may do what: a table of role x action. Every cell is a real HTTP request to the real
Wagtail admin view; a refusal must not leak the object it refused."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import Page, WorkflowState

from cms.core.factories import StandardPageFactory, UserFactory
from cms.workflows import roles
from tests.workflow_support import XHR, checklist_answers, edit_form_data

pytestmark = pytest.mark.django_db

ROLES = [
    roles.EDITORS,
    roles.WELLBEING_REVIEWERS,
    roles.TRANSLATORS,
    roles.EMPLOYEES,
    "Administrators",
]
E, W, T, P, A = ROLES
REFUSED = {302, 403, 404, 405}

DRAFT_TITLE = "Matrix draft about sleep"
LIVE_TITLE = "Matrix live page about stress"
STEP1_TITLE = "Matrix page at editorial review"
STEP2_TITLE = "Matrix page at wellbeing review"


@pytest.fixture
def world(site_tree):
    """Pages in every state, written by an editor who is none of the role users."""
    editors = Group.objects.get(name=roles.EDITORS)
    author = UserFactory(username="matrix-author", groups=[editors])
    second = UserFactory(username="matrix-second-editor", groups=[editors])
    home = site_tree["en"]

    live = StandardPageFactory(parent=home, title=LIVE_TITLE, slug="matrix-live")
    live.save_revision().publish()

    def draft(title, slug):
        page = StandardPageFactory(parent=home, title=title, slug=slug, live=False, owner=author)
        page.save_revision(user=author)
        return page

    step1 = draft(STEP1_TITLE, "matrix-step-1")
    step1.get_workflow().start(step1, author)
    step2 = draft(STEP2_TITLE, "matrix-step-2")
    step2.get_workflow().start(step2, author)
    step2.current_workflow_task_state.approve(user=second)
    return {
        "author": author,
        "home": home,
        "swedish": site_tree["sv"],
        "live": live,
        "draft": draft(DRAFT_TITLE, "matrix-draft"),
        "step1": step1,
        "step2": step2,
    }


def refresh(page):
    return Page.objects.filter(pk=page.pk).first()


def task_name(page):
    page = refresh(page)
    task = page.current_workflow_task
    return task.name if task else None


def workflow_post(client, page, action, data):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data, **XHR)


# Each action: (what it does over HTTP, the text a refusal must not show, how to tell it
# happened for actions with an effect; None means "a 200 response is the effect").
def view_admin(client, world, user):
    return client.get(reverse("wagtailadmin_home"))


def create_page(client, world, user):
    return client.get(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", world["home"].pk])
    )


def edit_page(client, world, user):
    return client.get(reverse("wagtailadmin_pages:edit", args=[world["draft"].pk]))


def publish_page(client, world, user):
    data = edit_form_data(world["draft"], user)
    data["action-publish"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[world["draft"].pk]), data)


def bulk_publish(client, world, user):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    return client.post(f"{url}?id={world['draft'].pk}", {})


def unpublish_page(client, world, user):
    return client.post(reverse("wagtailadmin_pages:unpublish", args=[world["live"].pk]))


def delete_draft(client, world, user):
    return client.post(reverse("wagtailadmin_pages:delete", args=[world["draft"].pk]))


def delete_live(client, world, user):
    return client.post(reverse("wagtailadmin_pages:delete", args=[world["live"].pk]))


def approve_step1(client, world, user):
    return workflow_post(client, world["step1"], "approve", {})


def reject_step1(client, world, user):
    return workflow_post(client, world["step1"], "reject", {"comment": "Needs a route to help."})


def approve_step2(client, world, user):
    return workflow_post(client, world["step2"], "approve", checklist_answers())


def reject_step2(client, world, user):
    return workflow_post(client, world["step2"], "reject", {"comment": "Too graphic."})


def preview(client, world, user):
    return client.get(reverse("wagtailadmin_pages:view_draft", args=[world["draft"].pk]))


def compare_revisions(client, world, user):
    return client.get(
        reverse(
            "wagtailadmin_pages:revisions_compare", args=[world["step1"].pk, "earliest", "latest"]
        )
    )


def history(client, world, user):
    return client.get(reverse("wagtailadmin_pages:history", args=[world["draft"].pk]))


def copy_page(client, world, user):
    return client.get(reverse("wagtailadmin_pages:copy", args=[world["draft"].pk]))


def move_page(client, world, user):
    return client.get(reverse("wagtailadmin_pages:move", args=[world["draft"].pk]))


def translate_page(client, world, user):
    return client.get(reverse("wagtail_localize:submit_page_translation", args=[world["draft"].pk]))


def edit_translation(client, world, user):
    return client.get(reverse("wagtailadmin_pages:edit", args=[world["swedish"].pk]))


def convert_translation_to_alias(client, world, user):
    url = reverse("wagtail_localize:convert_to_alias", args=[world["swedish"].pk])
    return client.post(url)


def read_page_through_admin_api(client, world, user):
    # What the translation editor's page chooser preview fetches for a link to this page.
    return client.get(reverse("wagtailadmin_api:pages:detail", args=[world["live"].pk]))


def manage_workflows(client, world, user):
    return client.get(reverse("wagtailadmin_workflows:index"))


def manage_users(client, world, user):
    return client.get(reverse("wagtailusers_users:index"))


def manage_groups(client, world, user):
    return client.get(reverse("wagtailusers_groups:index"))


def manage_sites(client, world, user):
    return client.get(reverse("wagtailsites:index"))


ACTIONS = {
    # name: (view, the text a refusal must not contain, effect check or None)
    "view the admin": (view_admin, "wagtail-sidebar-props", None),
    "create": (create_page, 'name="title"', None),
    "edit": (edit_page, DRAFT_TITLE, None),
    "publish": (publish_page, DRAFT_TITLE, lambda w: refresh(w["draft"]).live),
    "bulk publish": (bulk_publish, DRAFT_TITLE, lambda w: refresh(w["draft"]).live),
    "unpublish": (unpublish_page, LIVE_TITLE, lambda w: not refresh(w["live"]).live),
    "delete a draft": (delete_draft, DRAFT_TITLE, lambda w: refresh(w["draft"]) is None),
    "delete a live page": (delete_live, LIVE_TITLE, lambda w: refresh(w["live"]) is None),
    "approve editorial review": (
        approve_step1,
        STEP1_TITLE,
        lambda w: task_name(w["step1"]) == roles.WELLBEING_TASK_NAME,
    ),
    "reject editorial review": (
        reject_step1,
        STEP1_TITLE,
        lambda w: (
            refresh(w["step1"]).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        ),
    ),
    "approve wellbeing review": (approve_step2, STEP2_TITLE, lambda w: refresh(w["step2"]).live),
    "reject wellbeing review": (
        reject_step2,
        STEP2_TITLE,
        lambda w: (
            refresh(w["step2"]).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        ),
    ),
    "preview": (preview, DRAFT_TITLE, None),
    "compare revisions": (compare_revisions, STEP1_TITLE, None),
    "history": (history, DRAFT_TITLE, None),
    "copy": (copy_page, DRAFT_TITLE, None),
    "move": (move_page, DRAFT_TITLE, None),
    "translate": (translate_page, DRAFT_TITLE, None),
    "edit a translation": (edit_translation, "js-translation-editor", None),
    "read a source page by id in the admin API": (read_page_through_admin_api, LIVE_TITLE, None),
    "turn a translation into an alias": (
        convert_translation_to_alias,
        "converted into an alias",
        lambda w: refresh(w["swedish"]).alias_of_id is not None,
    ),
    "manage workflows": (manage_workflows, roles.WORKFLOW_NAME, None),
    "manage users": (manage_users, "matrix-author", None),
    "manage groups": (manage_groups, roles.WELLBEING_REVIEWERS, None),
    "manage sites": (manage_sites, "localhost", None),
}

# Who may do what. Everything not listed is refused.
ALLOWED = {
    "view the admin": {E, W, T, A},
    "create": {E, W, A},
    "edit": {E, W, A},
    "publish": {A},
    "bulk publish": {A},
    "unpublish": {A},
    "delete a draft": {E, W, A},
    "delete a live page": {A},
    "approve editorial review": {E, A},
    "reject editorial review": {E, A},
    "approve wellbeing review": {W, A},
    "reject wellbeing review": {W, A},
    "preview": {E, W, A},
    "compare revisions": {E, W, A},
    "history": {E, W, A},
    "copy": {E, W, A},
    "move": {E, W, A},
    "translate": {T, A},
    "edit a translation": {E, W, T, A},
    "read a source page by id in the admin API": {E, W, T, A},
    "turn a translation into an alias": {A},
    "manage workflows": {A},
    "manage users": {A},
    "manage groups": {A},
    "manage sites": {A},
}

MATRIX = [(role, action) for action in ACTIONS for role in ROLES]


def test_the_matrix_covers_every_action_and_role():
    assert set(ALLOWED) == set(ACTIONS)
    assert len(MATRIX) == len(ROLES) * len(ACTIONS)


@pytest.mark.parametrize(("role", "action"), MATRIX, ids=[f"{r}|{a}" for r, a in MATRIX])
def test_permission_matrix(client, role_users, world, role, action):
    view, secret, happened = ACTIONS[action]
    user = role_users[role]
    client.force_login(user)

    response = view(client, world, user)
    content = response.content.decode() if not response.streaming else ""

    if role in ALLOWED[action]:
        if happened is None:
            assert response.status_code == 200, (role, action, response.status_code)
            assert secret in content
        else:
            assert response.status_code in (200, 302), (role, action, response.status_code)
            assert happened(world), (role, action, "had no effect")
    else:
        assert response.status_code in REFUSED, (role, action, response.status_code)
        if response.status_code == 302 and happened is None:
            # Sent to the dashboard or the login page, never to the object. (Refused
            # actions may return to their form, e.g. "publish" saves a draft instead.)
            assert response["Location"].split("?")[0] in (
                reverse("wagtailadmin_home"),
                reverse("wagtailadmin_login"),
            ), (role, action, response["Location"])
        assert secret not in content, (role, action, "refusal shows the object")
        if happened is not None:
            assert not happened(world), (role, action, "refused but happened anyway")


def test_an_editor_cannot_publish_through_any_api(role_users, world, client):
    editor = role_users[E]
    client.force_login(editor)
    draft = world["draft"]

    # Wagtail's admin API is read-only, and the v3 write API is not mounted.
    assert client.post(f"/admin/api/main/pages/{draft.pk}/", {}).status_code in (403, 404, 405)
    response = client.post(f"/api/v3/pages/{draft.pk}/actions/publish/", follow=True)
    assert response.status_code == 404
    # Wagtail's own publish action refuses them too.
    with pytest.raises(PublishPagePermissionError):
        draft.get_latest_revision().publish(user=editor)
    assert not refresh(draft).live


def test_translators_read_source_pages_by_id_only(role_users, world, client):
    """The chooser previews in the translation editor need a source page's title; the
    explorer's listings and the API's actions stay limited to the translator's languages."""
    client.force_login(role_users[T])
    english_home, swedish_home = world["home"], world["swedish"]
    StandardPageFactory(parent=swedish_home, title="Om programmet", slug="om")

    listing = client.get(reverse("wagtailadmin_api:pages:listing"), {"child_of": english_home.pk})
    assert listing.status_code in (400, 404) or not listing.json()["items"]
    swedish_children = client.get(
        reverse("wagtailadmin_api:pages:listing"), {"child_of": swedish_home.pk}
    )
    assert swedish_children.status_code == 200 and swedish_children.json()["items"]

    copy = client.post(
        reverse("wagtailadmin_api:pages:action", args=[world["live"].pk, "copy"]),
        {"destination_page_id": swedish_home.pk},
        content_type="application/json",
    )
    assert copy.status_code in REFUSED
    assert not Page.objects.filter(title=LIVE_TITLE).exclude(pk=world["live"].pk).exists()


def test_only_administrators_can_publish_anywhere(role_users, world):
    for role in ROLES:
        user = role_users[role]
        for page in Page.objects.filter(depth__gt=1):
            assert page.permissions_for_user(user).can_publish() is (role == A), (role, page)


def test_an_editor_cannot_publish_by_copying_a_live_page(role_users, world, client):
    client.force_login(role_users[E])
    live = world["live"]
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[live.pk]),
        {
            "new_title": "Copied stress page",
            "new_slug": "copied-stress-page",
            "new_parent_page": world["home"].pk,
            "copy_subpages": "",
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copy = Page.objects.get(slug="copied-stress-page")
    assert not copy.live
