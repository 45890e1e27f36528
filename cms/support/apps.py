from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "cms.support"
    label = "support"
    verbose_name = _("Support and helplines")
    default_auto_field = "django.db.models.BigAutoField"
