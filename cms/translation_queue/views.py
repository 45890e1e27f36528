"""The translator's work queue: one listing per language, with the actions that start
wagtail-localize's own flow (Translate, Sync translated pages, the translation editor)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from .queue import COPY, IN_PROGRESS, STATUSES, TRANSLATE, UPDATE, WorkQueue, target_locales

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"
ITEMS_PER_PAGE = 50
STATUS_LABELS = {
    TRANSLATE: _("Not translated"),
    UPDATE: _("Source changed"),
    IN_PROGRESS: _("In progress"),
    COPY: _("Copy of the source"),
}


def may_translate(user):
    return user.is_active and user.has_perm(SUBMIT_TRANSLATION)


class TranslatorOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def queue_index(request):
    """The queue of the first language other than the default one."""
    if not may_translate(request.user):
        raise PermissionDenied
    locales = target_locales()
    if not locales:
        raise Http404
    return redirect("translation_queue:language", language_code=locales[0].language_code)


class LanguageQueueView(TranslatorOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "translation_queue/language.html"
    header_icon = "site"

    def get(self, request, language_code):
        self.locales = target_locales()
        self.locale = next(
            (locale for locale in self.locales if locale.language_code == language_code), None
        )
        if self.locale is None:
            raise Http404
        self.status = request.GET.get("status", "")
        if self.status not in STATUSES:
            self.status = ""
        return super().get(request)

    def get_page_title(self):
        return _("Translation queue: %(language)s") % {"language": self.locale.get_display_name()}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Translation queue")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = WorkQueue([self.locale]).by_language()[0]
        items = [item for item in summary.items if not self.status or item.status == self.status]
        page = Paginator(items, ITEMS_PER_PAGE).get_page(self.request.GET.get("p"))
        language_url = reverse("translation_queue:language", args=[self.locale.language_code])
        context.update(
            {
                "summary": summary,
                "items": page,
                "elided_page_range": page.paginator.get_elided_page_range(page.number),
                "source_language": Locale.get_default().language_code,
                "status": self.status,
                "status_choices": [
                    (value, STATUS_LABELS[value], summary.count(value)) for value in STATUSES
                ],
                "status_labels": STATUS_LABELS,
                "language_url": language_url,
                "languages": [
                    (
                        locale,
                        reverse("translation_queue:language", args=[locale.language_code]),
                    )
                    for locale in self.locales
                ],
            }
        )
        return context
