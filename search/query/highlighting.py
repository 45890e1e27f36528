"""Excerpts: a result's own words around the query's, marked, and the transcript moment that
says them, from what the results page has already loaded."""

import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.blocks import Block, ListBlock, StreamBlock, StreamValue, StructBlock

from .terms import WORD


def marked_terms(terms):
    """The query words that excerpts mark and transcript hits look for. Words of one or two
    letters ("I", "to", "is") would mark nearly every line and pick the wrong transcript
    moment, so they count only when the query has nothing longer."""
    longer = [term for term in terms if len(term) > 2]
    return longer or terms


def highlight(text, terms):
    """`text` escaped, with each word starting with a query term wrapped in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(term) for term in terms) + r")\w*", re.IGNORECASE
    )
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def contains_term(text, terms):
    words = {word.casefold() for word in WORD.findall(text)}
    return any(word.startswith(term) for term in terms for word in words)


def excerpt(text, terms, width=220):
    """A window of `text` around the first query term, highlighted."""
    text = " ".join(text.split())
    lowered = text.casefold()
    starts = [lowered.find(term) for term in terms if lowered.find(term) >= 0]
    start = max(0, min(starts) - width // 3) if starts else 0
    window = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(window, terms) + suffix)  # noqa: S308 - escaped


@dataclass
class TranscriptHit:
    seconds: int
    timestamp: str
    snippet: str


def transcript_hit(page, terms):
    """The first cue of an episode's own-language transcript that says a query word."""
    from library.models import format_duration

    transcript = page.display_transcript
    if transcript is None or not terms:
        return None
    for cue in transcript.cue_list:
        if contains_term(cue.text, terms):
            seconds = int(cue.start)
            return TranscriptHit(seconds, format_duration(seconds), highlight(cue.text, terms))
    if contains_term(transcript.text, terms):
        return TranscriptHit(None, "", excerpt(transcript.text, terms))
    return None


def page_text(page):
    """The page's own words, for the result's excerpt. StreamFields give their searchable
    text from their stored data, without being rendered or turned into values (either would
    load every chosen image, document, episode or playlist)."""
    parts = [page.introduction if hasattr(page, "introduction") else ""]
    for name in ("summary", "description", "body"):
        value = getattr(page, name, None)
        if not value:
            continue
        if isinstance(value, StreamValue):
            parts.extend(stored_searchable_content(value.stream_block, value.raw_data))
        else:
            parts.append(strip_tags(str(value)))
    return " ".join(without_repeats(parts))


def stored_searchable_content(block, raw):
    """What `block.get_searchable_content(value)` gives, read from the stored (raw) data.
    Blocks that give no text of their own (choosers among them) are skipped without being
    turned into values, so nothing is loaded from the database."""
    if not getattr(block.meta, "search_index", True):
        return []
    if isinstance(block, StreamBlock):
        content = []
        for child in raw or []:
            child_block = block.child_blocks.get(child["type"])
            if child_block is not None:
                content.extend(stored_searchable_content(child_block, child.get("value")))
        return content
    if isinstance(block, StructBlock):
        content = []
        for name, child_block in block.child_blocks.items():
            if name in (raw or {}):
                content.extend(stored_searchable_content(child_block, raw[name]))
            else:
                content.extend(child_block.get_searchable_content(child_block.get_default()))
        return content
    if isinstance(block, ListBlock):
        content = []
        for item in raw or []:
            # Stored as {"type": "item", "value": …, "id": …}, or (older data) the bare value.
            is_wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            value = item["value"] if is_wrapped else item
            content.extend(stored_searchable_content(block.child_block, value))
        return content
    if type(block).get_searchable_content is Block.get_searchable_content:
        return []
    return block.get_searchable_content(block.to_python(raw))


REPEATED_SENTENCE_WORDS = 4


def without_repeats(parts):
    """The parts not already said by another (an introduction that is also the summary's
    first sentence would otherwise show twice in the excerpt). A short part (a heading such
    as "Burnout") is dropped only when repeated whole, not for appearing inside a sentence."""
    normalised = [" ".join(part.split()).casefold() for part in parts]

    def said_in(text, other):
        return text == other or (text.count(" ") + 1 >= REPEATED_SENTENCE_WORDS and text in other)

    kept = []
    for index, text in enumerate(normalised):
        said_later = any(said_in(text, other) for other in normalised[index + 1 :])
        said_before = any(said_in(text, normalised[earlier]) for earlier in kept)
        if text and not said_later and not said_before:
            kept.append(index)
    return [parts[index] for index in kept]
