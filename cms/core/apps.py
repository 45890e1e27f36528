from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Heart & Soul core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import setting_changed
        from django.db.models.signals import post_save

        from cms.storage import reset_aliased_storages

        from . import (
            checks,  # noqa: F401  (registers the system checks)
            page_cache_invalidation,
        )
        from .models import HomePage
        from .signal_handlers import restrict_new_home_page_to_employees
        from .vendor_patches import install as install_vendor_patches

        install_vendor_patches()
        page_cache_invalidation.connect()
        from .admin_access import connect_signals as connect_admin_access_signals

        connect_admin_access_signals()
        from django.db.models.signals import post_delete
        from wagtail.models import Locale

        from .localization import forget_cached_locales

        for signal in (post_save, post_delete):
            signal.connect(forget_cached_locales, sender=Locale, dispatch_uid="core.locales")
        setting_changed.connect(reset_aliased_storages, dispatch_uid="core.reset_aliased_storages")
        post_save.connect(
            restrict_new_home_page_to_employees,
            sender=HomePage,
            dispatch_uid="core.restrict_new_home_page_to_employees",
        )
