from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationQueueConfig(AppConfig):
    name = "cms.translation_queue"
    label = "translation_queue"
    verbose_name = _("Translation queue")
