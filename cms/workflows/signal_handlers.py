from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    DraftStateMixin,
    Page,
    TranslatableMixin,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
)

from . import roles
from .setup import cover_locale_root


def cover_new_locale_root(sender, instance, created, raw=False, **kwargs):
    """A new language's root page is reviewed like the rest, and translators may work in it.

    The workflow is assigned to the tree's root as well, so a page is never uncovered even
    before this runs; `manage.py check` reports a root that lost its workflow (workflows.W001).
    """
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        cover_locale_root(global_apps, instance)


def project_snippet_models():
    from wagtail.snippets.models import get_snippet_models

    return [
        model for model in get_snippet_models() if model._meta.app_label in roles.PROJECT_APP_LABELS
    ]


def grant_snippet_permissions(sender, using="default", **kwargs):
    """After every migrate: editors and reviewers may create and edit our snippets (audio,
    helplines, …); translators may translate the translatable ones that keep drafts (the
    others go live on save); no role group holds a publish permission; snippets with
    workflows go through the review workflow too.

    Runs after migrations because snippet models of apps added later have no permissions
    when this app's data migration runs.
    """
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLE_GROUPS)}
    workflow = Workflow.objects.filter(name=roles.WORKFLOW_NAME, active=True).first()
    for model in project_snippet_models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        permissions = {
            action: Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model._meta.model_name}",
                defaults={"name": f"Can {action} {model._meta.verbose_name_raw}"},
            )[0]
            for action in roles.SNIPPET_ACTIONS
        }
        for name in roles.SNIPPET_GROUPS:
            if name in groups:
                groups[name].permissions.add(*permissions.values())
        if issubclass(model, TranslatableMixin) and roles.TRANSLATORS in groups:
            translators = groups[roles.TRANSLATORS]
            translators.permissions.add(permissions["view"])
            # Saving a snippet without drafts makes it live at once: that would be publishing.
            if issubclass(model, DraftStateMixin):
                translators.permissions.add(permissions["change"])
            else:
                translators.permissions.remove(permissions["change"], permissions["add"])
        if workflow is not None and issubclass(model, WorkflowMixin):
            WorkflowContentType.objects.get_or_create(
                content_type=content_type, defaults={"workflow": workflow}
            )
    for group in groups.values():
        publish = group.permissions.filter(codename__startswith="publish_")
        if publish.exists():
            group.permissions.remove(*publish)
