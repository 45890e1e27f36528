from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from cms.accounts import provider

register = template.Library()


@register.simple_tag(takes_context=True)
def company_sign_in(context, next_url=""):
    """What a login page offers: {"enabled", "url", "idp_name", "local_login"}.

    `local_login` is False with company sign-in on and LOCAL_LOGIN=false, except on the
    admin's login page asked for with ?break-glass (the break-glass superusers' way in)."""
    request = context.get("request")
    enabled = provider.enabled()
    url = ""
    if enabled:
        url = reverse("oidc_authentication_init")
        if next_url:
            url += "?" + urlencode({"next": next_url})
    local_login = provider.local_login_allowed()
    if not local_login and request is not None and settings.BREAK_GLASS_USERNAMES:
        asked = "break-glass" in request.GET or request.method == "POST"
        local_login = asked and request.path.startswith("/admin/")
    return {
        "enabled": enabled,
        "url": url,
        "idp_name": settings.IDP_NAME,
        "local_login": local_login,
    }
