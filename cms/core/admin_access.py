"""Who gets the Wagtail user bar on the site, without permission queries for employees.

`user.has_perm("wagtailadmin.access_admin")` costs two queries (the user's and the groups'
permissions) on every page an employee opens, only to learn that there is no user bar to draw.
The answer is kept per user in the cache (Redis in production, shared by every app server),
under a generation number that any change to users, groups or permissions moves on, so a newly
promoted editor sees the bar on the next request. Within one request it is kept on the user.

A superuser needs no lookup, an inactive user never has admin access.
"""

from django.core.cache import cache

ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"
GENERATION_KEY = "admin-access:generation"
# Answers also expire on their own: a change made outside Django's signals (raw SQL, another
# project sharing the database) is picked up within this many seconds.
ANSWER_SECONDS = 15 * 60


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def has_admin_access(user):
    """True when `user` may open the Wagtail admin (and so sees the user bar)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    known = getattr(user, "_has_admin_access", None)
    if known is not None:
        return known
    key = f"admin-access:{_generation()}:{user.pk}"
    known = cache.get(key)
    if known is None:
        known = bool(user.has_perm(ADMIN_ACCESS_PERMISSION))
        cache.set(key, known, timeout=ANSWER_SECONDS)
    user._has_admin_access = known
    return known


def forget_admin_access(**kwargs):
    """Any change to users, groups or permissions: every cached answer is stale."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted or never set): start a fresh generation
        cache.set(GENERATION_KEY, 2, timeout=None)


def connect_signals():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete

    user_model = get_user_model()
    for sender, uid in (
        (user_model.groups.through, "user-groups"),
        (user_model.user_permissions.through, "user-permissions"),
        (Group.permissions.through, "group-permissions"),
    ):
        m2m_changed.connect(forget_admin_access, sender=sender, dispatch_uid=f"admin-access-{uid}")
    # Deleting a group or permission removes its links without m2m_changed. (Saving a user does
    # not matter: is_active and is_superuser are read from the user itself, and every login
    # saves last_login, which must not empty the cache during a launch.)
    for model, uid in ((Group, "group"), (Permission, "permission")):
        post_delete.connect(forget_admin_access, sender=model, dispatch_uid=f"admin-access-d-{uid}")
