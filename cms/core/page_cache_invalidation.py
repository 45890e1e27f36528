"""When the page cache's generations move on (see page_cache.py).

Content (every cached page and fragment):
- pages published, unpublished (scheduled expiry included: `publish_scheduled` unpublishes and
  publishes through the same methods), moved, renamed (slug) or deleted; translations are pages
  published by wagtail-localize, so they are covered alike;
- any reviewed snippet (Helpline, SupportResource, Pillar, Topic, Transcript, ...) published,
  unpublished or deleted, in any language;
- a live page or snippet row saved whole outside a revision (factories, `load_demo`, scripts);
  draft saves write only revision bookkeeping (`update_fields`) and change nothing shown;
- audio files, images, documents, sites, locales and view restrictions saved or deleted.
Listening positions, sessions and logins change nothing shown, and move nothing.

Frame (the navigation and the crisis banner every page shows; moving it on moves content too):
- a home page or a page one level below it (the menu's sections, the support page) published,
  unpublished, renamed or deleted, or saved whole when live; any page moved;
- any snippet published, unpublished or deleted (helplines and support resources above all);
- sites, locales and view restrictions saved or deleted, restriction groups changed;
- an alias page created, or a page converted from an alias (the cached view-restriction answers
  check an alias as its source).
Publishing an episode, a campaign or any deeper page moves content only, so the first request
after it renders the page but takes the navigation and the banner from the cache.

Viewers (the cached profile: groups and admin access): group membership or permissions changed.
A user's own save (password, active, superuser) forgets that user's profile only.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import DraftStateMixin, Locale, Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .page_cache import (
    bump_frame_generation,
    bump_generation,
    bump_viewer_generation,
    forget_viewer,
)

# Root (1), a language's home (2) and its sections (3): what the navigation and banner show.
FRAME_DEPTH = 3


def in_frame(page):
    from cms.support.models import SupportPage

    return page.depth <= FRAME_DEPTH or isinstance(page.specific_deferred, SupportPage)


def page_changed(sender=None, instance=None, **kwargs):
    if instance is None or in_frame(instance):
        bump_frame_generation()
    else:
        bump_generation()


def frame_changed(**kwargs):
    bump_frame_generation()


def snippet_changed(sender=None, instance=None, **kwargs):
    # Wagtail sends `published`/`unpublished` for pages too; page_changed hears those.
    if not isinstance(instance, Page):
        bump_frame_generation()


def frame_models():
    return (Site, Locale, PageViewRestriction)


def content_models():
    """Models without a review workflow whose rows pages show directly."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from library.models import AudioFile

    return (AudioFile, get_image_model(), get_document_model(), Site, Locale, PageViewRestriction)


def row_saved(sender, instance, update_fields=None, raw=False, created=False, **kwargs):
    if raw:
        return
    if isinstance(instance, Page) and alias_changed(instance, update_fields, created):
        bump_frame_generation()
        return
    shown_directly = isinstance(instance, content_models())
    live_row_rewritten = (
        isinstance(instance, DraftStateMixin) and instance.live and update_fields is None
    )
    if not (shown_directly or live_row_rewritten):
        return
    if isinstance(instance, frame_models()) or in_frame_row(instance):
        bump_frame_generation()
    else:
        bump_generation()


def alias_changed(page, update_fields, created):
    """A page became an alias or stopped being one: the cached view-restriction answers (which
    check an alias as its source) of the pages below it are out of date."""
    if created:
        return page.alias_of_id is not None
    return update_fields is not None and bool({"alias_of", "alias_of_id"} & set(update_fields))


def in_frame_row(instance):
    """A saved or deleted row the frame may show: a snippet, or a page in the frame."""
    if isinstance(instance, Page):
        return in_frame(instance)
    return isinstance(instance, DraftStateMixin)


def row_deleted(sender, instance, **kwargs):
    if isinstance(instance, frame_models()) or in_frame_row(instance):
        bump_frame_generation()
    elif isinstance(instance, (DraftStateMixin, *content_models())):
        bump_generation()


def user_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    forget_viewer(instance.pk)


def user_deleted(sender, instance, **kwargs):
    forget_viewer(instance.pk)


def viewers_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_viewer_generation()


def group_deleted(sender, instance, **kwargs):
    bump_viewer_generation()


def restriction_groups_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        bump_frame_generation()


def connect():
    uid = "page_cache"
    for signal in (page_published, page_unpublished, page_slug_changed):
        signal.connect(page_changed, dispatch_uid=f"{uid}.page.{id(signal)}")
    # A move may take a page into the menu's level or out of it: the frame moves on.
    post_page_move.connect(frame_changed, dispatch_uid=f"{uid}.page.move")
    for signal in (published, unpublished):
        signal.connect(snippet_changed, dispatch_uid=f"{uid}.snippet.{id(signal)}")
    # Deleting a specific page deletes its Page row too: hearing Page is enough.
    post_delete.connect(page_changed, sender=Page, dispatch_uid=f"{uid}.page.delete")
    post_save.connect(row_saved, dispatch_uid=f"{uid}.row.save")
    post_delete.connect(row_deleted, dispatch_uid=f"{uid}.row.delete")
    m2m_changed.connect(
        restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid=f"{uid}.restriction.groups",
    )
    user_model = get_user_model()
    post_save.connect(user_saved, sender=user_model, dispatch_uid=f"{uid}.user.save")
    post_delete.connect(user_deleted, sender=user_model, dispatch_uid=f"{uid}.user.delete")
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(viewers_changed, sender=through, dispatch_uid=f"{uid}.{through}")
    post_delete.connect(group_deleted, sender=Group, dispatch_uid=f"{uid}.group")
