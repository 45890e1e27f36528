"""What a playlist page lists: its episodes a listener may hear, in the page's language.

Long playlists are paginated in the database's terms: the whole list is worked out from plain
rows (ids, paths, durations), and page objects are built only for the entries on the page
being shown, so a playlist of 500 episodes renders in the time of one of 50.
"""

from dataclasses import dataclass

from django.db.models import Q
from wagtail.models import Page

from cms.core.access import hidden_paths


@dataclass(frozen=True)
class PlaylistEntry:
    """One row of a playlist as shown: the episode (the reader's translation where there is a
    live one), the show it belongs to and the editor's note."""

    episode: Page
    show: Page | None
    note: str


@dataclass(frozen=True)
class PlayableRow:
    episode_id: int
    note: str
    duration_seconds: float


def playable_rows(playlist, user, *, preview=False):
    """Every entry of `playlist` that `user` may hear, in order, as plain rows.

    An item's episode is shown in the playlist's language when a live translation exists, else
    as chosen; it is left out when that episode is not live, has no audio, or sits behind a
    view restriction the user does not pass. Two queries (the items and the episodes, sources
    and translations together) plus the user's restrictions, whatever the playlist's length.
    A preview reads the items from the revision being previewed instead of the database.
    """
    from library.models import EpisodePage, PlaylistItem

    if preview:
        items = [(item.episode_id, item.note) for item in playlist.items.all()]
    else:
        items = list(
            PlaylistItem.objects.filter(playlist_id=playlist.pk)
            .order_by("sort_order")
            .values_list("episode_id", "note")
        )
    chosen_ids = {episode_id for episode_id, _note in items}
    if not chosen_ids:
        return []
    rows = (
        EpisodePage.objects.live()
        .filter(
            Q(pk__in=chosen_ids)
            | Q(
                locale_id=playlist.locale_id,
                translation_key__in=EpisodePage.objects.filter(pk__in=chosen_ids).values(
                    "translation_key"
                ),
            )
        )
        .values_list("pk", "translation_key", "locale_id", "path", "audio__duration_seconds")
        .order_by()
    )
    sources, translations, facts = {}, {}, {}
    for pk, translation_key, locale_id, path, duration in rows:
        facts[pk] = (path, duration)
        if pk in chosen_ids:
            sources[pk] = translation_key
        if locale_id == playlist.locale_id:
            translations[translation_key] = pk
    hidden = hidden_paths(user)
    playable = []
    for episode_id, note in items:
        if episode_id not in sources:
            continue  # not live
        shown_id = translations.get(sources[episode_id], episode_id)
        path, duration = facts[shown_id]
        if duration is None or any(path.startswith(prefix) for prefix in hidden):
            continue  # no audio, or not for this listener
        playable.append(PlayableRow(shown_id, note, duration))
    return playable


def entries_for(rows):
    """PlaylistEntry objects for `rows` (one page of a playlist): two queries."""
    from library.models import EpisodePage, PodcastShowPage

    episodes = (
        EpisodePage.objects.filter(pk__in=[row.episode_id for row in rows])
        .select_related("audio", "locale")
        .in_bulk()
    )
    shows = {
        show.path: show
        for show in PodcastShowPage.objects.filter(
            path__in={episode.path[: -Page.steplen] for episode in episodes.values()}
        )
    }
    return [
        PlaylistEntry(
            episode=episodes[row.episode_id],
            show=shows.get(episodes[row.episode_id].path[: -Page.steplen]),
            note=row.note,
        )
        for row in rows
        if row.episode_id in episodes
    ]
