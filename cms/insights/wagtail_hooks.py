from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .urls import admin_urlpatterns
from .views import VIEW_INSIGHTS


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [path("insights/", include((admin_urlpatterns, "insights"), namespace="insights"))]


class InsightsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_INSIGHTS)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return InsightsMenuItem(
        _("Insights"), reverse("insights:overview"), icon_name="view", order=850
    )
