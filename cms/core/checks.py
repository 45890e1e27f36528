from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security)
def check_locale_roots_require_login(app_configs, **kwargs):
    """Warn when a language's root page (and so its whole site) is visible without logging in."""
    from wagtail.models import Page

    try:
        public_roots = list(
            Page.objects.filter(depth=2)
            .filter(view_restrictions__isnull=True)
            .select_related("locale")
        )
    except DatabaseError:
        # Not migrated yet (a fresh checkout): nothing to check.
        return []
    return [
        Warning(
            f"The {root.locale.get_display_name()} root page “{root.title}” is visible "
            "without logging in.",
            hint="In the admin, open the page's Privacy setting and choose "
            "“Private, accessible to logged-in users”, or run `manage.py load_demo`.",
            obj=root,
            id="core.W001",
        )
        for root in public_roots
    ]
