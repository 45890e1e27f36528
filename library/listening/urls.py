"""Listening URLs: JSON endpoints outside the language prefix (stable for the script whatever the
page's language), and the "My listening" page inside it (see cms/urls.py)."""

from django.urls import path

from . import views

app_name = "listening"
urlpatterns = [
    path("state/", views.state, name="state"),
    path("position/", views.save_position, name="position"),
    path("saved/", views.save_item, name="saved"),
    path("clear/", views.clear_history, name="clear"),
    path("history/", views.switch_history, name="history"),
]

# Inside i18n_patterns: the page is in the reader's language. Named my_listening (no namespace)
# because the navigation and the home page link to it.
page_urlpatterns = [
    path("my-listening/", views.my_listening, name="my_listening"),
]
