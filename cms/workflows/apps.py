from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "cms.workflows"
    label = "workflows"
    verbose_name = _("Editorial and wellbeing review")
    default_auto_field = "django.db.models.BigAutoField"
