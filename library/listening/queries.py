"""Reading one listener's listening state in a fixed, small number of queries.

The per-listener part of a page (resume position, listened/in-progress markers, saved flags,
"continue listening") costs two queries whatever the history size:

1. `ListeningPosition` rows for the episodes on the page (matched through their translations,
   see `positions_for_page`) together with the listener's newest unfinished episodes;
2. saved flags for the pages on the page, together with the "history switched off" preference.

What an episode looks like (title in the reader's language, URL, show, artwork) is the same for
every listener and comes from `library.listening.cards`, a shared cache.
"""

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from wagtail.models import Page

from cms.core.access import visible_q
from library.models import EpisodePage

from .models import ListeningPosition, ListeningPreference, SavedItem

CONTINUE_LISTENING_LIMIT = 6
# An episode counts as finished past 95% of it, or in its last 30 seconds when it is long enough
# (5 minutes) for those to be its closing words: a 30-second piece is not finished at its start.
# listening.js applies the same rule.
FINISHED_SHARE = 0.95
FINISHED_SECONDS_BEFORE_END = 30
FINISHED_SECONDS_MIN_DURATION = 300


def counts_as_finished(position, duration):
    if duration <= 0:
        return False
    return position >= duration * FINISHED_SHARE or (
        duration >= FINISHED_SECONDS_MIN_DURATION
        and position >= duration - FINISHED_SECONDS_BEFORE_END
    )


def visible_to(user, path_field):
    """An expression that is true where the page at `path_field` passes its view restrictions
    (its own and its ancestors') for the logged-in `user`.

    cms.core.access's rule (visible_q), in SQL so that listing one listener's history
    builds no page objects (tests/library/listening/test_queries.py checks the two agree). Logged-in
    users pass "login" restrictions; password restrictions never pass outside the page itself.
    """
    return visible_q(user, path_field)


def continue_listening_rows(user, limit=CONTINUE_LISTENING_LIMIT):
    """The listener's newest unfinished, live, visible episodes (a queryset of positions)."""
    return (
        ListeningPosition.objects.filter(user=user, finished=False, episode__live=True)
        .filter(visible_to(user, "episode__path"))
        .order_by("-updated_at")[:limit]
    )


@dataclass
class ListenerState:
    positions: dict = field(default_factory=dict)  # requested episode id -> position row
    continue_listening: list = field(default_factory=list)  # position rows, newest first
    saved_ids: set = field(default_factory=set)
    remember_history: bool = True


def listener_state(user, episode_ids=(), page_ids=()):
    """Everything per-listener that a page shows, in two queries (see the module docstring)."""
    episode_ids = list(episode_ids)
    state = ListenerState()

    # A position saved on a translation with the same recording counts for this page too: the
    # reader follows "continue listening" to the page in their language.
    requested = EpisodePage.objects.filter(pk__in=episode_ids)
    requested_match = (
        requested.filter(
            translation_key=OuterRef("episode__translation_key"),
            audio_id=OuterRef("episode__audio_id"),
        )
        .order_by("pk")
        .values("pk")[:1]
    )

    def with_flags(positions):
        return positions.annotate(
            requested_id=Subquery(requested_match, output_field=IntegerField()),
            shown=ExpressionWrapper(
                Q(episode__live=True) & visible_to(user, "episode__path"),
                output_field=BooleanField(),
            ),
        )

    # Two index searches joined in one statement: the newest unfinished rows, and the rows for
    # the episodes on the page (or their translations). Never a read of the whole history.
    rows = with_flags(
        ListeningPosition.objects.filter(
            user=user, pk__in=continue_listening_rows(user).values("pk")
        )
    )
    if episode_ids:
        siblings = Page.objects.filter(
            translation_key__in=requested.values("translation_key")
        ).values("pk")
        rows = rows.union(
            with_flags(ListeningPosition.objects.filter(user=user, episode_id__in=siblings))
        )
    rows = rows.order_by("-updated_at")
    for row in rows:
        # Newest first, so the first row seen for an episode is the one that counts.
        for requested in {row.episode_id, row.requested_id} & set(episode_ids):
            state.positions.setdefault(requested, row)
        if (
            not row.finished
            and row.shown
            and len(state.continue_listening) < CONTINUE_LISTENING_LIMIT
        ):
            state.continue_listening.append(row)

    saved = SavedItem.objects.filter(user=user, page_id__in=list(page_ids)).values_list(
        "page_id", Value(True, output_field=BooleanField())
    )
    switched_off = ListeningPreference.objects.filter(
        user=user, remember_history=False
    ).values_list(Value(0, output_field=IntegerField()), Value(False, output_field=BooleanField()))
    for page_id, is_saved in saved.union(switched_off, all=True):
        if is_saved:
            state.saved_ids.add(page_id)
        else:
            state.remember_history = False
    return state


def remembers_history(user):
    preference = ListeningPreference.objects.filter(user=user).first()
    return preference is None or preference.remember_history
