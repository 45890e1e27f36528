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


@register()
def check_vendor_versions_match_patches(app_configs, **kwargs):
    """Warn when an installed Wagtail, wagtail-localize or modelsearch is not the version the
    project's patches of it were checked against (cms/core/vendor_patches), so that an upgrade
    cannot pass unnoticed."""
    from importlib.metadata import PackageNotFoundError, version

    from .vendor_patches import CHECKED_AGAINST, all_patches

    warnings = []
    for vendor, checked in CHECKED_AGAINST.items():
        try:
            installed = version(vendor)
        except PackageNotFoundError:
            installed = None
        if installed == checked:
            continue
        names = ", ".join(patch.name for patch in all_patches() if patch.vendor == vendor)
        warnings.append(
            Warning(
                f"{vendor} {installed or '(not installed)'} is installed; the project's "
                f"patches of it were checked against {checked}: {names}.",
                hint="Read each patch's entry in cms/core/vendor_patches/, run "
                "tests/vendor_patches/, remove the patches whose removal condition "
                "now holds, then record the new version in CHECKED_AGAINST "
                "(cms/core/vendor_patches/record.py).",
                id="core.W002",
            )
        )
    return warnings
