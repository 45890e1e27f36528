from django import template
from wagtail.models import Page, Site

register = template.Library()


def localized_site_root(request):
    """The home page in the active language, falling back to the site's default one."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    root = localized_site_root(request)
    items = (
        root.get_children().live().in_menu().specific(defer=True) if root else Page.objects.none()
    )
    current = context.get("page")
    return {
        "home": root,
        "items": items,
        "current_path": current.url_path if current else "",
        "request": request,
    }


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it is live in."""
    page = context.get("page")
    translations = []
    if page is not None:
        translations = list(page.get_translations().live().select_related("locale"))
    return {"page": page, "translations": translations}
