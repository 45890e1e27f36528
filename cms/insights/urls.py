"""The beacon (outside the language prefix) and the Insights admin screens (under /admin/)."""

from django.urls import path

from . import views

# /insights/event/: what insights.js posts to, one address in every language.
urlpatterns = [path("event/", views.record_event, name="insights_event")]

# Inside i18n_patterns: the employees' page, in their language.
page_urlpatterns = [path("what-we-count/", views.what_we_count, name="insights_what_we_count")]

app_name = "insights"
admin_urlpatterns = [
    path("", views.overview, name="overview"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:page_id>/", views.campaign, name="campaign"),
    path("shows/", views.shows, name="shows"),
    path("shows/<int:page_id>/", views.show, name="show"),
    path("episodes/<int:page_id>/", views.episode, name="episode"),
    path("search/", views.search, name="search"),
]
