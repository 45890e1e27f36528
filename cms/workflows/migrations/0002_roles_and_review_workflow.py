"""The role groups and their permissions, and the "Editorial and wellbeing review" workflow
assigned to the whole page tree. See cms/workflows/roles.py for what each role may do."""

from django.db import migrations


def forwards(apps, schema_editor):
    from cms.workflows.setup import create_roles_and_workflow

    create_roles_and_workflow(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
