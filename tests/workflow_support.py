"""Helpers for the workflow and permission tests: post Wagtail's real admin forms as a
browser would, and walk a page through the review workflow over HTTP."""

import datetime

from django.forms import CheckboxInput
from django.urls import reverse
from django.utils import timezone
from wagtail import blocks
from wagtail.blocks.base import BlockField
from wagtail.images.blocks import ImageBlock

from cms.workflows.forms import SAFE_MESSAGING_CHECKLIST

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def _widget_data(widget, value, name):
    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    if value is None:
        return {name: ""}
    formatted = widget.format_value(value) if hasattr(widget, "format_value") else value
    if isinstance(formatted, list | tuple):
        if getattr(widget, "allow_multiple_selected", False):
            return {name: [str(item) for item in formatted]}
        return {name: str(formatted[0]) if formatted else ""}
    return {name: "" if formatted is None else str(formatted)}


def block_data(block, value, prefix):
    """A StreamField value as the block editor posts it."""
    data = {}
    if isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            data.update(
                {
                    f"{prefix}-{index}-type": child.block_type,
                    f"{prefix}-{index}-deleted": "",
                    f"{prefix}-{index}-order": str(index),
                    f"{prefix}-{index}-id": child.id or "",
                }
            )
            data.update(block_data(child.block, child.value, f"{prefix}-{index}-value"))
    elif isinstance(block, blocks.ListBlock):
        children = list(value.bound_blocks) if value is not None else []
        data[f"{prefix}-count"] = str(len(children))
        for index, child in enumerate(children):
            data.update(
                {
                    f"{prefix}-{index}-deleted": "",
                    f"{prefix}-{index}-order": str(index),
                    f"{prefix}-{index}-id": child.id or "",
                }
            )
            data.update(block_data(block.child_block, child.value, f"{prefix}-{index}-value"))
    elif isinstance(block, ImageBlock):
        # A StructBlock whose value is the image itself, with its alt text and decorative flag.
        struct_value = block._image_to_struct_value(value)
        for name, child_block in block.child_blocks.items():
            data.update(block_data(child_block, struct_value.get(name), f"{prefix}-{name}"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(block_data(child_block, value.get(name), f"{prefix}-{name}"))
    elif isinstance(block, blocks.ChooserBlock):
        data[prefix] = str(getattr(value, "pk", value) or "")
    elif isinstance(block, blocks.FieldBlock):
        data.update(_widget_data(block.field.widget, block.value_for_form(value), prefix))
    return data


def _field_data(form):
    data = {}
    for name, field in form.fields.items():
        bound = form[name]
        if isinstance(field, BlockField):
            data.update(block_data(field.block, form.initial.get(name), bound.html_name))
            continue
        data.update(_widget_data(field.widget, bound.value(), bound.html_name))
    return data


def edit_form_data(page, user):
    """The page's admin edit form as it stands, ready to post back."""
    page = page.specific
    latest = page.get_latest_revision_as_object()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=latest, for_user=user, parent_page=page.get_parent())
    data = _field_data(form)
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = management[name].value()
        for subform in formset.forms:
            data.update(_field_data(subform))
    return data


def post_edit(client, page, user, **changes):
    data = edit_form_data(page, user)
    data.update(changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def submit_for_review(client, page, user, **changes):
    return post_edit(client, page, user, **{"action-submit": "1", **changes})


def checklist_answers(review_by=None, comment=""):
    review_by = review_by or timezone.localdate() + datetime.timedelta(days=365)
    return {
        **dict.fromkeys(SAFE_MESSAGING_CHECKLIST, "on"),
        "review_by": review_by.isoformat(),
        "comment": comment,
    }


def workflow_action(client, page, action, data=None):
    """Post a workflow action the way the dashboard's and the editor's modal does."""
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, data or {}, **XHR)


def snippet_edit_data(obj, user):
    """A snippet's admin edit form as it stands (its latest draft), ready to post back."""
    latest = obj.get_latest_revision_as_object() if obj.latest_revision_id else obj
    form_class = obj.snippet_viewset.get_edit_handler().get_form_class()
    return _field_data(form_class(instance=latest, for_user=user))


def snippet_edit_url(obj):
    return reverse(obj.snippet_viewset.get_url_name("edit"), args=[obj.pk])


def snippet_workflow_action(client, obj, action, data=None):
    """A workflow action on a snippet, as the editor's modal posts it."""
    obj.refresh_from_db()
    task_state = obj.current_workflow_task_state
    url = reverse(
        obj.snippet_viewset.get_url_name("workflow_action"), args=[obj.pk, action, task_state.pk]
    )
    return client.post(url, data or {}, **XHR)


def clients_for(client, people):
    """A logged-in test client for each of `people` ({name: user})."""
    result = {}
    for name, user in people.items():
        result[name] = type(client)()
        result[name].force_login(user)
    return result
