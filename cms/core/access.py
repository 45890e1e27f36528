"""Who may see what: the one rule for a page, an audio file, a transcript, a document and a
podcast feed. Pages, search, delivery, feeds, the listening endpoints and the home page all ask
here, so the rule cannot drift between them.

The rule:
- A page is visible to a viewer when it passes every view restriction on it and its ancestors:
  "logged-in users" passes for anyone logged in (or holding a feed token); "groups" passes for a
  member of one of the groups (and, in a logged-in session, for a superuser, as Wagtail does);
  a password restriction never passes outside the page itself (nothing is played, read or listed
  from a password-protected page elsewhere).
- Live content only, except in a logged-in session for staff who may edit it (editors preview
  drafts of audio and transcripts). Their permission is asked last, after the cheap checks.
- A feed token (`via_token=True`) grants exactly what a plain employee in the token owner's
  groups may see of live content: no superuser pass, no staff permission, never a draft, however
  senior the owner. Tokens live for months in podcast apps and vendors' servers.
- Documents are for logged-in sessions only (no feed carries them).

Two forms of the same rule: `visible_pages` filters page objects in Python (for lists already
loaded), `visible_q` is an SQL expression (for EXISTS checks and querysets, no page objects
built). With the page cache on, both work from its cached restriction rows (no query, and a
plain path-prefix condition instead of an EXISTS subquery). `tests/test_access_rules.py`
checks both, role x object state x route.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from .page_cache import page_cache_seconds, restriction_rows

EDIT_AUDIO = "library.change_audiofile"
EDIT_TRANSCRIPT = "library.change_transcript"


def passes_superuser_rule(user, via_token):
    """Superusers pass group restrictions in their own session only."""
    return bool(user.is_superuser) and not via_token


def know_group_ids(user, group_ids):
    """Tell the rule `user`'s group ids when the caller already has them (the page cache's
    viewer profile), so no access check in this request asks the database for them."""
    user._access_group_ids = set(group_ids)


def user_group_ids(user):
    cached = getattr(user, "_access_group_ids", None)
    if cached is None:
        cached = set(user.groups.values_list("pk", flat=True)) if user.is_authenticated else set()
        user._access_group_ids = cached
    return cached


def restriction_allows(restriction, user, group_ids=None, *, via_token=False):
    if not user.is_authenticated:
        return False
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        if passes_superuser_rule(user, via_token):
            return True
        group_ids = user_group_ids(user) if group_ids is None else group_ids
        return bool(group_ids & {group.pk for group in restriction.groups.all()})
    return False  # password: only on the page itself


def hidden_paths(user, *, via_token=False):
    """Tree paths under a restriction `user` does not pass: from the page cache's restriction
    rows when it is on (no query), else in one query (`blocking_q`, the same rule). Kept on
    `user`, which lives for one request: search, picks and listings all ask."""
    attribute = "_access_hidden_paths_token" if via_token else "_access_hidden_paths"
    cached = getattr(user, attribute, None)
    if cached is not None:
        return cached
    paths = hidden_paths_from_rows(user, via_token=via_token)
    if paths is None:
        restrictions = PageViewRestriction.objects.all()
        if user.is_authenticated:
            restrictions = restrictions.filter(blocking_q(user, via_token=via_token))
        paths = list(restrictions.values_list("page__path", flat=True).distinct())
    setattr(user, attribute, paths)
    return paths


def hidden_paths_from_rows(user, *, via_token=False):
    """`hidden_paths` worked out in Python from the cached restriction rows (the rule of
    `restriction_allows`), or None when the page cache (and so the rows) is off."""
    rows = restriction_rows()
    if rows is None:
        return None
    if not user.is_authenticated:
        return sorted({path for path, _kind, _groups in rows})
    superuser_passes = passes_superuser_rule(user, via_token)
    group_ids = None
    hidden = set()
    for path, restriction_type, restriction_groups in rows:
        if restriction_type == PageViewRestriction.PASSWORD:
            hidden.add(path)
        elif restriction_type == PageViewRestriction.GROUPS and not superuser_passes:
            group_ids = user_group_ids(user) if group_ids is None else group_ids
            if not group_ids & set(restriction_groups):
                hidden.add(path)
    return sorted(hidden)


def blocking_q(user, *, via_token=False):
    """An SQL condition on PageViewRestriction: true where the restriction keeps out `user`
    (logged in; see `restriction_allows` for the same rule on a restriction object)."""
    blocking = Q(restriction_type=PageViewRestriction.PASSWORD)
    if not passes_superuser_rule(user, via_token):
        member = PageViewRestriction.groups.through.objects.filter(
            pageviewrestriction_id=OuterRef("pk"), group__user=user
        )
        blocking |= Q(restriction_type=PageViewRestriction.GROUPS) & ~Exists(member)
    return blocking


def visible_pages(pages, user, *, via_token=False):
    """The subset of `pages` whose view restrictions (their own or an ancestor's) `user` passes.
    Says nothing about live: callers pass live pages (or drafts they may preview)."""
    if not pages:
        return []
    hidden = hidden_paths(user, via_token=via_token)
    return [page for page in pages if not any(page.path.startswith(path) for path in hidden)]


def visible_q(user, path_field="path", *, via_token=False):
    """An SQL expression, true where the page at `path_field` passes its view restrictions (its
    own and its ancestors') for `user`: the same rule as `visible_pages`, without page objects."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if page_cache_seconds():
        hidden = hidden_paths(user, via_token=via_token)  # from the cached rows: no query
        # Cheaper to build and to run than the EXISTS below, and the same rule: a page is
        # covered by a restriction exactly when that restriction's page path prefixes its own.
        condition = Q()
        for path in hidden:
            condition &= ~Q(**{f"{path_field}__startswith": path})
        return condition
    covering = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path_field), 1, Length("page__path"))
    )
    return ~Exists(covering.filter(blocking_q(user, via_token=via_token)))


def may_preview(user, permission, via_token):
    """Staff previews of drafts: a logged-in session with the edit permission, asked last."""
    return not via_token and user.is_authenticated and user.has_perm(permission)


def may_see_page(user, page, *, via_token=False):
    if not user.is_authenticated:
        return False
    if not page.live:
        return False
    return bool(visible_pages([page], user, via_token=via_token))


def may_hear(user, audio, *, via_token=False):
    """Audio used by a live episode the viewer may see (one EXISTS query); editors in a session
    also hear drafts."""
    from library.models import EpisodePage

    if not user.is_authenticated:
        return False
    used_visibly = (
        EpisodePage.objects.live()
        .filter(audio_id=audio.pk)
        .filter(visible_q(user, via_token=via_token))
        .exists()
    )
    return used_visibly or may_preview(user, EDIT_AUDIO, via_token)


def may_read_transcript(user, transcript, *, via_token=False):
    """A published transcript (in any language) of a live episode the viewer may see; editors in
    a session also read drafts."""
    from library.models import EpisodePage

    if not user.is_authenticated:
        return False
    if transcript.live:
        used_visibly = (
            EpisodePage.objects.live()
            .filter(transcript__translation_key=transcript.translation_key)
            .filter(visible_q(user, via_token=via_token))
            .exists()
        )
        if used_visibly:
            return True
    return may_preview(user, EDIT_TRANSCRIPT, via_token)


def may_read_feed(user, show, *, via_token=False):
    """A live show the viewer may see (its episodes are filtered with `visible_pages`)."""
    return may_see_page(user, show, via_token=via_token)


def may_see_document(user, document, *, via_token=False):
    """Documents are internal: a logged-in session. No feed carries them, so tokens open none."""
    return bool(user.is_authenticated) and not via_token
