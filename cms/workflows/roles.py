"""The editorial roles: group names and what each may do.

Created by this app's data migration (so production has them) and topped up after every
`migrate` for models that appear later (see `signal_handlers.grant_snippet_permissions`).
Nobody but a superuser holds a publish permission: pages go live through the workflow.
"""

from django.conf import settings

EDITORS = "Editors"
WELLBEING_REVIEWERS = "Wellbeing reviewers"
TRANSLATORS = "Translators"
EMPLOYEES = "Employees"
ROLE_GROUPS = [EDITORS, WELLBEING_REVIEWERS, TRANSLATORS, EMPLOYEES]
# Wagtail's own migrations make a "Moderators" group with publish rights on the whole tree:
# anyone put in it could publish without review, so our migration removes it.
WAGTAIL_MODERATORS = "Moderators"

WORKFLOW_NAME = "Editorial and wellbeing review"
EDITORIAL_TASK_NAME = "Editorial review"
WELLBEING_TASK_NAME = "Wellbeing review"

# Model permissions ("app_label.codename").
ADMIN_ACCESS = ["wagtailadmin.access_admin"]
EDITOR_MODEL_PERMISSIONS = [
    *ADMIN_ACCESS,
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"
TRANSLATOR_MODEL_PERMISSIONS = [
    *ADMIN_ACCESS,
    SUBMIT_TRANSLATION,
    "wagtailimages.choose_image",
    "wagtaildocs.choose_document",
]
MODEL_PERMISSIONS = {
    EDITORS: EDITOR_MODEL_PERMISSIONS,
    WELLBEING_REVIEWERS: EDITOR_MODEL_PERMISSIONS,
    TRANSLATORS: TRANSLATOR_MODEL_PERMISSIONS,
    EMPLOYEES: [],
}

# Collection permissions on the root collection (images and documents).
EDITOR_COLLECTION_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS = {
    EDITORS: EDITOR_COLLECTION_PERMISSIONS,
    WELLBEING_REVIEWERS: EDITOR_COLLECTION_PERMISSIONS,
    TRANSLATORS: ["wagtailimages.choose_image", "wagtaildocs.choose_document"],
}

# Page permissions. Editors and reviewers on the whole tree; translators on each
# non-default language's root page only (so they never edit the English source).
TREE_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    WELLBEING_REVIEWERS: ["add_page", "change_page"],
}
TRANSLATOR_PAGE_PERMISSIONS = ["add_page", "change_page"]

# Snippets (helplines, audio files, …) of our own apps: editors and reviewers create and
# edit them; no delete, no publish. Granted per model as the models appear.
PROJECT_APP_LABELS = {"core", "support", "workflows", "library", "campaigns", "search"}
SNIPPET_ACTIONS = ["add", "change", "view"]
SNIPPET_GROUPS = [EDITORS, WELLBEING_REVIEWERS]


def is_default_locale(language_code):
    return language_code == settings.LANGUAGE_CODE


# The content type each permission hangs off: (app label, model).
PERMISSION_MODELS = {
    "wagtailadmin.access_admin": ("wagtailadmin", "admin"),
    SUBMIT_TRANSLATION: ("wagtail_localize", "translation"),
    "wagtailimages.add_image": ("wagtailimages", "image"),
    "wagtailimages.change_image": ("wagtailimages", "image"),
    "wagtailimages.choose_image": ("wagtailimages", "image"),
    "wagtaildocs.add_document": ("wagtaildocs", "document"),
    "wagtaildocs.change_document": ("wagtaildocs", "document"),
    "wagtaildocs.choose_document": ("wagtaildocs", "document"),
}
