from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.accounts import views as accounts_views
from cms.core import views as core_views
from cms.insights import urls as insights_urls
from library.listening import urls as listening_urls

# Outside the language prefix: admin, documents, health, audio delivery and feeds,
# whose URLs must not change with the visitor's language.
urlpatterns = [
    # Company sign-in (OpenID Connect): ends the provider's session too; before the admin's own.
    path("admin/logout/", accounts_views.AdminLogoutView.as_view(), name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    # Company sign-in: start and the redirect URI registered at the provider (/oidc/callback/).
    path("oidc/", include("cms.accounts.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", core_views.healthz, name="healthz"),
    # Audio delivery, transcripts and podcast feeds: stable URLs that podcast apps keep.
    path("", include("library.urls")),
    # Resume positions, saved items and history: JSON for listening.js, one URL in every language.
    path("listening/", include("library.listening.urls")),
    # Programme insights: the beacon insights.js posts events to (counts only, never who).
    path("insights/", include(insights_urls.urlpatterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    # Only the public media root: private media has no URL of its own.
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public site, one prefix per language (/en/, /sv/, …); "/" redirects to the visitor's.
urlpatterns += i18n_patterns(
    path("login/", core_views.EmployeeLoginView.as_view(), name="login"),
    # GET asks for confirmation (the header only links here); POST logs out.
    path("logout/", accounts_views.SiteLogoutView.as_view(), name="logout"),
    path("", include("search.urls")),
    path("", include(listening_urls.page_urlpatterns)),
    path("", include(insights_urls.page_urlpatterns)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
