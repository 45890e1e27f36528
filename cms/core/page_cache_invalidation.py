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

from .page_cache import bump_generation, bump_viewer_generation, forget_viewer


def content_changed(**kwargs):
    bump_generation()


def content_models():
    """Models without a review workflow whose rows pages show directly."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from library.models import AudioFile

    return (AudioFile, get_image_model(), get_document_model(), Site, Locale, PageViewRestriction)


def row_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    shown_directly = isinstance(instance, content_models())
    live_row_rewritten = (
        isinstance(instance, DraftStateMixin) and instance.live and update_fields is None
    )
    if shown_directly or live_row_rewritten:
        bump_generation()


def row_deleted(sender, instance, **kwargs):
    if isinstance(instance, (DraftStateMixin, *content_models())):
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
        bump_generation()


def connect():
    uid = "page_cache"
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(content_changed, dispatch_uid=f"{uid}.page.{id(signal)}")
    for signal in (published, unpublished):
        signal.connect(content_changed, dispatch_uid=f"{uid}.snippet.{id(signal)}")
    # Deleting a specific page deletes its Page row too: hearing Page is enough.
    post_delete.connect(content_changed, sender=Page, dispatch_uid=f"{uid}.page.delete")
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
