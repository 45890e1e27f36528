"""`{% userbar_for_staff %}`: Wagtail's user bar, asked for only by people with admin access.

Wagtail's own tag asks `has_perm` of every visitor (two queries per page for employees, who
never see the bar); `cms.core.admin_access` answers from the cache instead.
"""

from django import template
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

from cms.core.admin_access import has_admin_access

register = template.Library()


@register.simple_tag(takes_context=True)
def userbar_for_staff(context, position="bottom-right"):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not has_admin_access(user):
        return ""
    return wagtailuserbar(context, position)
