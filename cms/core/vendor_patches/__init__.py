"""Every place the project patches, takes over or leans on internals of Wagtail,
wagtail-localize or modelsearch: one module per vendor, one `VendorPatch` entry per place.

Each entry says what vendor code it relies on, where the project's side lives, what goes
wrong without it, the upstream thread, and when it can go. Code that must stay near its app
(templates, search backends) is recorded here and lives there.

Upgrading a vendor: `manage.py check` warns (core.W002) while an installed version differs
from `CHECKED_AGAINST`. Run tests/vendor_patches/ (one test per entry; each fails when
the vendor behaviour its patch works around is gone or has changed), remove what is no
longer needed, then record the new version.

Not recorded, because they are the vendors' documented extension points rather than
internals: hooks, `SnippetViewSet` options and view classes, `PageReportView` subclasses for
reports, workflow `Task` subclasses, and the `_revisions` GenericRelation that Wagtail's
snippet documentation gives for revisions (Page itself has the same attribute).
"""

from .record import CHECKED_AGAINST, NONE_FOUND, VendorPatch

__all__ = ["CHECKED_AGAINST", "NONE_FOUND", "VendorPatch", "all_patches", "install"]


def all_patches():
    from . import localize, modelsearch, wagtail_admin, workflows

    return wagtail_admin.PATCHES + localize.PATCHES + modelsearch.PATCHES + workflows.PATCHES


def install():
    """Apply the patches that replace vendor code at run time (called once, at start-up)."""
    from cms.core.routing import use_cached_active_locale

    from .localize import guard_wagtail_localize_drafts
    from .wagtail_admin import fill_in_snippet_review_links

    guard_wagtail_localize_drafts()
    fill_in_snippet_review_links()
    use_cached_active_locale()
