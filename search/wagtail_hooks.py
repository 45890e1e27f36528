from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CrisisTerm


class CrisisTermViewSet(SnippetViewSet):
    model = CrisisTerm
    icon = "warning"
    menu_label = _("Crisis search terms")
    add_to_admin_menu = False
    list_display = ["phrase", "locale"]
    list_filter = ["locale"]
    search_fields = ["phrase"]
    ordering = ["locale", "phrase"]


register_snippet(CrisisTermViewSet)
