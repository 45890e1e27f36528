from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "cms.workflows"
    label = "workflows"
    verbose_name = _("Editorial and wellbeing review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save
        from wagtail.models import WorkflowState

        from . import checks  # noqa: F401  (registers the system checks)
        from .companions import attach_on_submission
        from .signal_handlers import cover_new_locale_root, grant_snippet_permissions

        post_save.connect(cover_new_locale_root, dispatch_uid="workflows.cover_new_locale_root")
        post_save.connect(
            attach_on_submission,
            sender=WorkflowState,
            dispatch_uid="workflows.attach_review_companions",
        )
        post_migrate.connect(
            grant_snippet_permissions, sender=self, dispatch_uid="workflows.grant_snippets"
        )
