from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import views
from .queue import WorkQueue


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", views.queue_index, name="index"),
        path("<str:language_code>/", views.LanguageQueueView.as_view(), name="language"),
    ]
    return [
        path(
            "translation-queue/",
            include((urls, "translation_queue"), namespace="translation_queue"),
        )
    ]


class TranslationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_translate(request.user)


@hooks.register("register_admin_menu_item")
def register_translation_queue_menu_item():
    return TranslationQueueMenuItem(
        gettext_lazy("Translation queue"),
        reverse("translation_queue:index"),
        name="translation-queue",
        icon_name="site",
        order=250,
    )


class TranslationQueuePanel(Component):
    """For translators: per language, what waits to be translated or brought up to date."""

    name = "translation_queue"
    template_name = "translation_queue/dashboard_panel.html"
    order = 90  # above Wagtail's own panels: for a translator this is the day's work

    def get_context_data(self, parent_context):
        return {
            "languages": [
                (
                    summary,
                    reverse("translation_queue:language", args=[summary.locale.language_code]),
                )
                for summary in WorkQueue().by_language()
            ]
        }


@hooks.register("construct_homepage_panels")
def add_translation_queue_panel(request, panels):
    if views.may_translate(request.user):
        panels.append(TranslationQueuePanel())
