"""What a listened or saved page looks like in a list: title in the reader's language, URL, show,
artwork, length. The same for every listener, so it is cached (the cache holds no personal data)
and a listener's "continue listening" costs no page queries once warm.

The cache is versioned: publishing, unpublishing, moving or deleting any page, or changing a view
restriction, moves the version on (signal_handlers.py), so a renamed or withdrawn episode is never
shown from an old entry. Redis in production, so the version holds across app servers.
"""

from django.core.cache import cache
from django.utils.crypto import get_random_string
from wagtail.models import Page, PageViewRestriction

from cms.core.models import CustomImage

ARTWORK_FILTER = "fill-160x160"
CACHE_SECONDS = 6 * 60 * 60
VERSION_KEY = "listening:cards:version"


def cards_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = get_random_string(12)
        cache.set(VERSION_KEY, version, None)
    return version


def forget_cards():
    """Every cached card is out of date (on publish, unpublish, move, delete, restriction)."""
    cache.set(VERSION_KEY, get_random_string(12), None)


def page_cards(page_ids, language_code):
    """{page id: card} for the live episodes and playlists among `page_ids`, as seen by a reader
    of `language_code`. A card is a dict: id and url of the page to show (the live translation
    in the reader's language when there is one), title, lang, show, artwork, duration, kind."""
    page_ids = list(dict.fromkeys(page_ids))
    if not page_ids:
        return {}
    version = cards_version()
    keys = {page_id: f"listening:card:{version}:{language_code}:{page_id}" for page_id in page_ids}
    found = cache.get_many(keys.values())
    cards = {page_id: found[key] for page_id, key in keys.items() if key in found}
    missing = [page_id for page_id in page_ids if page_id not in cards]
    if missing:
        built = build_cards(missing, language_code)
        # Pages that are not (or no longer) live episodes or playlists are cached as None too.
        cache.set_many({keys[page_id]: built.get(page_id) for page_id in missing}, CACHE_SECONDS)
        cards.update(built)
    return {page_id: card for page_id, card in cards.items() if card}


def build_cards(page_ids, language_code):
    """The cards for `page_ids`, in a fixed number of queries however many there are."""
    from library.models import EpisodePage, PlaylistPage, PodcastShowPage

    originals = list(
        Page.objects.filter(pk__in=page_ids)
        .live()
        .type(EpisodePage, PlaylistPage)
        .select_related("locale")
        .specific()
    )
    if not originals:
        return {}
    translations = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in originals],
            locale__language_code=language_code,
        )
        .live()
        .select_related("locale")
        .specific()
    }
    # A translation behind a stricter restriction than "logged in" is not offered in its place.
    strict_paths = [
        restriction.page.path
        for restriction in PageViewRestriction.objects.exclude(
            restriction_type=PageViewRestriction.LOGIN
        ).select_related("page")
    ]
    shown = {}
    for original in originals:
        translation = translations.get(original.translation_key)
        if (
            translation is not None
            and type(translation) is type(original)
            and not any(translation.path.startswith(path) for path in strict_paths)
            and (not isinstance(original, EpisodePage) or translation.audio_id == original.audio_id)
        ):
            shown[original.pk] = translation
        else:
            shown[original.pk] = original
    episodes = [page for page in shown.values() if isinstance(page, EpisodePage)]
    shows = {
        show.path: show
        for show in PodcastShowPage.objects.filter(
            path__in={episode.path[: -Page.steplen] for episode in episodes}
        )
    }
    artwork_ids = {show.artwork_id for show in shows.values() if show.artwork_id}
    artworks = CustomImage.objects.filter(pk__in=artwork_ids).prefetch_renditions(ARTWORK_FILTER)
    artwork_urls = {image.pk: image.get_rendition(ARTWORK_FILTER).url for image in artworks}
    audio_seconds = dict(
        EpisodePage.objects.filter(pk__in=[episode.pk for episode in episodes]).values_list(
            "pk", "audio__duration_seconds"
        )
    )
    cards = {}
    for original_id, page in shown.items():
        card = {
            "id": page.pk,
            "kind": "episode" if isinstance(page, EpisodePage) else "playlist",
            "title": page.title,
            "url": page.get_url(),
            "lang": page.locale.language_code,
            "show": "",
            "artwork": "",
            "duration": 0,
        }
        if isinstance(page, EpisodePage):
            show = shows.get(page.path[: -Page.steplen])
            if show is not None:
                card["show"] = show.title
                card["artwork"] = artwork_urls.get(show.artwork_id, "")
            card["duration"] = audio_seconds.get(page.pk) or 0
        cards[original_id] = card
    return cards
