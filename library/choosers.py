"""The audio chooser: recordings in the edited page's language first (issue #14).

Audio is not translatable (`AudioFile.language` says what is spoken), so the chooser cannot
filter by locale; it orders by it. The modal is opened with the edited page's locale as
`locale` (see cms.core.choosers); without it, the order is the listing's (newest first).
"""

from django.db.models import Case, IntegerField, Value, When
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet


class AudioInPageLanguageFirstMixin:
    def get_object_list(self):
        objects = super().get_object_list()
        language_code = self.request.GET.get("locale")
        if not language_code:
            return objects.order_by("-created_at")
        return objects.annotate(
            in_other_language=Case(
                When(language=language_code, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("in_other_language", "-created_at")

    @property
    def columns(self):
        language = self.model._meta.get_field("language")
        return [*super().columns, Column("language_name", label=language.verbose_name)]


class AudioChooseView(AudioInPageLanguageFirstMixin, ChooseView):
    pass


class AudioChooseResultsView(AudioInPageLanguageFirstMixin, ChooseResultsView):
    pass


class AudioChooserViewSet(SnippetChooserViewSet):
    # Searching and paging in the modal keep the order.
    preserve_url_parameters = [*SnippetChooserViewSet.preserve_url_parameters, "locale"]
    choose_view_class = AudioChooseView
    choose_results_view_class = AudioChooseResultsView
