"""Private RSS 2.0 podcast feeds, valid for Apple Podcasts and Podcasting 2.0 clients.

Every URL in a feed carries the listener's own token, because podcast apps cannot log in.
"""

import uuid
from datetime import datetime, time
from email.utils import format_datetime

from django.conf import settings
from django.utils import timezone
from lxml import etree, html
from wagtail.rich_text import expand_db_html

from .models import format_duration

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
NAMESPACES = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM, "content": CONTENT}
# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL (no scheme, no trailing slash)
# in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
ARTWORK_FILTER = "fill-1400x1400"


def podcast_guid(feed_url):
    without_scheme = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme))


def absolute(request, url):
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)


def show_notes_html(request, rich_text):
    """Rich text as front-end HTML (not Wagtail's stored link markup) with absolute links:
    podcast apps have no page to resolve a relative link against."""
    fragment = html.fragment_fromstring(expand_db_html(rich_text), create_parent="div")
    fragment.make_links_absolute(request.build_absolute_uri("/"))
    return (fragment.text or "") + "".join(
        html.tostring(child, encoding="unicode") for child in fragment
    )


def sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def render_show_feed(request, show, listener, token, *, via_token=True):
    from cms.core.access import visible_pages

    rss = etree.Element("rss", nsmap=NAMESPACES, version="2.0")
    channel = sub(rss, "channel")
    show_url = absolute(request, show.get_url(request))
    feed_url = absolute(request, show.get_feed_path(token))
    canonical_feed_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + show.get_feed_path()

    sub(channel, "title", show.title)
    sub(channel, "link", show_url)
    sub(channel, "language", show.locale.language_code)
    sub(channel, "description", show.description)
    sub(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    sub(channel, "generator", "Heart & Soul Library")
    if show.host_names:
        sub(channel, f"{{{ITUNES}}}author", show.host_names)
    sub(channel, f"{{{ITUNES}}}summary", show.description)
    if show.artwork:
        rendition = show.artwork.get_rendition(ARTWORK_FILTER)
        artwork_url = absolute(request, rendition.url)
        sub(channel, f"{{{ITUNES}}}image", href=artwork_url)
        image = sub(channel, "image")
        sub(image, "url", artwork_url)
        sub(image, "title", show.title)
        sub(image, "link", show_url)
    # Apple reads the category from the `text` attribute, not from the element's content.
    category, *subcategories = show.category_parts
    category_element = etree.SubElement(channel, f"{{{ITUNES}}}category", text=category)
    for subcategory in subcategories:
        etree.SubElement(category_element, f"{{{ITUNES}}}category", text=subcategory)
    sub(channel, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
    owner = sub(channel, f"{{{ITUNES}}}owner")
    sub(owner, f"{{{ITUNES}}}name", show.owner_name or "Heart & Soul")
    if show.owner_email:
        sub(owner, f"{{{ITUNES}}}email", show.owner_email)
    sub(channel, f"{{{ITUNES}}}type", "episodic")
    # Internal content: keep it out of public directories and stop it being moved elsewhere.
    sub(channel, f"{{{ITUNES}}}block", "yes")
    locked = sub(channel, f"{{{PODCAST}}}locked", "yes")
    if show.owner_email:
        locked.set("owner", show.owner_email)
    sub(channel, f"{{{PODCAST}}}guid", podcast_guid(canonical_feed_url))

    episodes = [
        episode
        for episode in visible_pages(list(show.live_episodes()), listener, via_token=via_token)
        if episode.audio
    ]
    last_build = max((e.last_published_at for e in episodes if e.last_published_at), default=None)
    sub(channel, "lastBuildDate", format_datetime(last_build or timezone.now()))
    for episode in episodes:
        add_item(channel, request, show, episode, token)

    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def add_item(channel, request, show, episode, token):
    audio = episode.audio
    item = sub(channel, "item")
    sub(item, "title", episode.title)
    sub(item, "link", absolute(request, episode.get_url(request)))
    # Stable across edits, moves and slug changes; one per language version.
    guid = f"heartandsoul-episode-{episode.translation_key}-{episode.locale.language_code}"
    sub(item, "guid", guid, isPermaLink="false")
    published = timezone.make_aware(datetime.combine(episode.publish_date, time(9, 0)))
    sub(item, "pubDate", format_datetime(published))
    description = episode.introduction or show.description
    sub(item, "description", description)
    if episode.summary:
        sub(item, f"{{{CONTENT}}}encoded", show_notes_html(request, episode.summary))
    sub(
        item,
        "enclosure",
        url=absolute(request, audio.get_delivery_url(token)),
        length=audio.size_bytes,
        type=audio.mime_type,
    )
    sub(item, f"{{{ITUNES}}}duration", format_duration(audio.duration_seconds))
    if episode.episode_number:
        sub(item, f"{{{ITUNES}}}episode", episode.episode_number)
    if episode.season_number:
        sub(item, f"{{{ITUNES}}}season", episode.season_number)
    sub(item, f"{{{ITUNES}}}episodeType", "full")
    sub(item, f"{{{ITUNES}}}explicit", "true" if show.explicit else "false")
    transcript = episode.display_transcript
    if transcript:
        formats = [("vtt", "text/vtt")] if transcript.has_timings else []
        for extension, content_type in [*formats, ("txt", "text/plain")]:
            sub(
                item,
                f"{{{PODCAST}}}transcript",
                url=absolute(request, transcript.get_url(extension, token)),
                type=content_type,
                language=transcript.locale.language_code,
            )
