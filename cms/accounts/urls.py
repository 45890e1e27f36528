from django.urls import path

from . import views

# Outside the language prefix: the redirect URI registered at the provider never changes.
urlpatterns = [
    path("authenticate/", views.StartSignInView.as_view(), name="oidc_authentication_init"),
    path("callback/", views.SignInCallbackView.as_view(), name="oidc_authentication_callback"),
]
