"""Create the role groups, their permissions and the review workflow.

Takes an app registry so the data migration (historical models) and the runtime signal
handlers (real models) share one definition. Every function is idempotent.
"""

from . import roles


def get_permission(apps, label):
    """The Permission for "app_label.codename", created if a migration has not made it yet."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    app_label, model = roles.PERMISSION_MODELS.get(label) or (None, None)
    codename = label.split(".", 1)[1]
    if model is None:
        # Page permissions hang off wagtailcore.page.
        app_label, model = "wagtailcore", "page"
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def ensure_groups(apps):
    Group = apps.get_model("auth", "Group")
    return {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLE_GROUPS}


def set_model_permissions(apps, groups):
    for name, labels in roles.MODEL_PERMISSIONS.items():
        group = groups[name]
        wanted = [get_permission(apps, label) for label in labels]
        # Keep snippet permissions granted after migrate; replace everything else.
        kept = group.permissions.filter(content_type__app_label__in=roles.PROJECT_APP_LABELS)
        kept = kept.exclude(codename__startswith="publish_").exclude(codename__startswith="delete_")
        group.permissions.set([*wanted, *kept])


def set_collection_permissions(apps, groups):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for name in roles.ROLE_GROUPS:
        group = groups[name]
        wanted = [
            get_permission(apps, label) for label in roles.COLLECTION_PERMISSIONS.get(name, [])
        ]
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root, permission__in=wanted
        ).delete()
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def set_tree_page_permissions(apps, groups):
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    for name in (roles.EDITORS, roles.WELLBEING_REVIEWERS, roles.EMPLOYEES):
        group = groups[name]
        codenames = roles.TREE_PAGE_PERMISSIONS.get(name, [])
        wanted = [get_permission(apps, f"wagtailcore.{codename}") for codename in codenames]
        GroupPagePermission.objects.filter(group=group).exclude(
            page=root, permission__in=wanted
        ).delete()
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    # Translators: only on the other languages' root pages (and never publish anywhere).
    GroupPagePermission.objects.filter(group=groups[roles.TRANSLATORS]).exclude(
        permission__codename__in=roles.TRANSLATOR_PAGE_PERMISSIONS
    ).delete()
    for page in Page.objects.filter(depth=2).select_related("locale"):
        cover_locale_root(apps, page)


def remove_wagtail_moderators(apps):
    """Wagtail's default "Moderators" group could publish without review: remove it, and
    retire the one-step workflow Wagtail made for it."""
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Group.objects.filter(name=roles.WAGTAIL_MODERATORS).delete()
    Workflow.objects.filter(name="Moderators approval").update(active=False)
    Task.objects.filter(name="Moderators approval").update(active=False)


def ensure_workflow(apps, groups):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    EditorialReviewTask = apps.get_model("workflows", "EditorialReviewTask")
    WellbeingReviewTask = apps.get_model("workflows", "WellbeingReviewTask")

    def task(model, name, group_names):
        content_type, _created = ContentType.objects.get_or_create(
            app_label="workflows", model=model._meta.model_name
        )
        instance = model.objects.filter(name=name).first()
        if instance is None:
            instance = model.objects.create(name=name, content_type=content_type, active=True)
            instance.groups.set([groups[group_name] for group_name in group_names])
        return instance

    editorial = task(EditorialReviewTask, roles.EDITORIAL_TASK_NAME, [roles.EDITORS])
    wellbeing = task(WellbeingReviewTask, roles.WELLBEING_TASK_NAME, [roles.WELLBEING_REVIEWERS])
    workflow, created = Workflow.objects.get_or_create(
        name=roles.WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task_id=editorial.pk, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task_id=wellbeing.pk, sort_order=1)
    # The tree's root covers every page, whatever its type, in every language.
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow


def cover_locale_root(apps, page):
    """A language's root page: assign the review workflow to it (unless an administrator
    chose another) and, for languages other than the default, let translators work there."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Group = apps.get_model("auth", "Group")

    workflow = Workflow.objects.filter(name=roles.WORKFLOW_NAME, active=True).first()
    if workflow is not None and not WorkflowPage.objects.filter(page_id=page.pk).exists():
        WorkflowPage.objects.create(page_id=page.pk, workflow=workflow)

    language_code = page.locale.language_code
    translators = Group.objects.filter(name=roles.TRANSLATORS).first()
    if translators is None or roles.is_default_locale(language_code):
        return
    for codename in roles.TRANSLATOR_PAGE_PERMISSIONS:
        permission = get_permission(apps, f"wagtailcore.{codename}")
        GroupPagePermission.objects.get_or_create(
            group=translators, page_id=page.pk, permission=permission
        )


def create_roles_and_workflow(apps, schema_editor=None):
    groups = ensure_groups(apps)
    remove_wagtail_moderators(apps)
    set_model_permissions(apps, groups)
    set_collection_permissions(apps, groups)
    ensure_workflow(apps, groups)
    set_tree_page_permissions(apps, groups)
