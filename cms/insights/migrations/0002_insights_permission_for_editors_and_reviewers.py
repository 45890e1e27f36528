"""Editors and Wellbeing reviewers may open Insights; translators and employees may not."""

from django.db import migrations

GROUPS = ["Editors", "Wellbeing reviewers"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="insights", model="pageday")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_insights",
        defaults={"name": "Can view programme insights"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="insights", codename="view_insights").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_initial"),
        ("workflows", "0002_roles_and_review_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
