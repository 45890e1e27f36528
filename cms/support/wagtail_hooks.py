from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Helpline, SupportResource


class HelplineViewSet(SnippetViewSet):
    model = Helpline
    icon = "mobile-alt"
    menu_label = _("Helplines")
    list_display = ["name", "phone_number", "countries", "is_crisis_line", "verified_on"]
    list_filter = ["is_crisis_line", "open_24_7"]
    search_fields = ["name", "countries"]


class SupportResourceViewSet(SnippetViewSet):
    model = SupportResource
    icon = "help"
    menu_label = _("Support resources")
    list_display = ["title", "kind"]
    list_filter = ["kind"]
    search_fields = ["title"]


class SupportViewSetGroup(SnippetViewSetGroup):
    items = (HelplineViewSet, SupportResourceViewSet)
    menu_icon = "help"
    menu_label = _("Support")
    menu_name = "support"


register_snippet(SupportViewSetGroup)
