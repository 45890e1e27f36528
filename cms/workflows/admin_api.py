"""The admin API's page endpoint, widened for translators' chooser previews.

wagtail-localize's translation editor shows each page a block links to by fetching
`/admin/api/main/pages/<id>/`. Those links point at the source language's pages, and Wagtail
answers only for pages the user may explore; translators' permissions cover their own
languages' trees, so the preview got a 404 and showed a link to "page undefined". A
translator may read a source-language page by id (they translate from it); lists and actions
stay as Wagtail limits them, and editing is still refused by page permissions.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.models import Page

from .roles import SUBMIT_TRANSLATION


class TranslatorReadablePagesAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        explorable = super().get_base_queryset()
        if self.action != "detail_view" or not self.request.user.has_perm(SUBMIT_TRANSLATION):
            return explorable
        return Page.objects.filter(
            Q(pk__in=explorable.values("pk")) | Q(locale__language_code=settings.LANGUAGE_CODE)
        )
