from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from . import roles


@register(Tags.security)
def check_every_language_is_reviewed(app_configs, **kwargs):
    """Warn when a language's pages could go live without the review workflow, or when a
    group could publish without it."""
    from wagtail.models import GroupPagePermission, Page

    try:
        locale_roots = list(Page.objects.filter(depth=2).select_related("locale"))
        publishing_groups = sorted(
            set(
                GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
                    "group__name", flat=True
                )
            )
        )
    except DatabaseError:
        # Not migrated yet (a fresh checkout): nothing to check.
        return []
    warnings = []
    for root in locale_roots:
        workflow = root.get_workflow()
        if workflow is None or workflow.name != roles.WORKFLOW_NAME:
            warnings.append(
                Warning(
                    f"The {root.locale.get_display_name()} root page “{root.title}” is not "
                    f"reviewed by the “{roles.WORKFLOW_NAME}” workflow.",
                    hint="In the admin, open Settings > Workflows and assign the workflow to "
                    "this page, or run `manage.py migrate`.",
                    obj=root,
                    id="workflows.W001",
                )
            )
    for name in publishing_groups:
        warnings.append(
            Warning(
                f"The group “{name}” may publish pages without the review workflow.",
                hint="Only administrators (superusers) should publish directly. Remove the "
                "group's Publish page permission in Settings > Groups.",
                id="workflows.W002",
            )
        )
    return warnings
