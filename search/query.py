"""Running a site search: what the visitor may see, in their language, with facets and snippets.

Search terms are sensitive on a mental-health site: nothing here records who searched.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page

from cms.core import access
from cms.core.localization import localize_all
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import Helpline, SupportResource
from library.models import EpisodePage, PlaylistPage

from .backends import search_backend_for

# Longer queries are cut: nobody types more, and the full-text engines gain nothing from it.
MAX_QUERY_LENGTH = 200
# Facets and counts are computed over at most this many of the best-ranked matches.
MAX_MATCHES = 1000
PAGE_SIZE = 10

DURATION_BANDS = {
    "short": (0, 600),
    "medium": (600, 1800),
    "long": (1800, None),
}

WORD = re.compile(r"\w+", re.UNICODE)
FILTER_VALUE = re.compile(r"^[-.\w]{1,100}\Z", re.ASCII)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def typed_query(raw):
    """What was typed, as editors' picks and the query counts keep it: punctuation stays,
    control characters (NUL among them, which PostgreSQL refuses) go."""
    return CONTROL_CHARACTERS.sub(" ", raw or "").strip()[:MAX_QUERY_LENGTH]


def clean_query(raw):
    """The words of `raw`, joined by spaces: full-text syntax (quotes, *, :, &, |) never
    reaches the engine, so no query can be malformed."""
    raw = (raw or "")[: MAX_QUERY_LENGTH * 2]
    words = WORD.findall(raw.replace("_", " "))
    return " ".join(words)[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    return [word.casefold() for word in WORD.findall(query)]


def hidden_paths(user):
    """Tree paths under a view restriction `user` does not pass (cms.core.access's rule)."""
    return access.hidden_paths(user)


def in_language(items, locale, fallback=True):
    """`items` in `locale`, plus default-language ones with no counterpart among `items` in
    `locale` (shown instead of a missing translation, marked as in another language)."""
    wanted = Q(locale=locale)
    default = Locale.get_default()
    if fallback and locale.pk != default.pk:
        translated = items.filter(locale=locale).values("translation_key")
        wanted |= Q(locale=default) & ~Q(translation_key__in=translated)
    return items.filter(wanted)


def searchable_pages(locale, user, fallback=True):
    """Live pages of `locale` that `user` may see, plus default-language pages not (yet) live
    in `locale`."""
    pages = in_language(Page.objects.live(), locale, fallback).filter(depth__gt=1)
    for path in hidden_paths(user):
        pages = pages.exclude(path__startswith=path)
    return pages


def text_search(locale):
    """The search backend, matching words as written in `locale`'s language and in the default
    language (whose pages stand in for missing translations)."""
    return search_backend_for((locale.language_code, settings.LANGUAGE_CODE))


def matching_page_ids(query, locale, user):
    """Ids of matching pages, best first. All words must match; if none do, any word may."""
    pages = searchable_pages(locale, user)
    backend = text_search(locale)
    ids = [page.pk for page in backend.search(query, pages, operator="and")[:MAX_MATCHES]]
    if not ids and len(query.split()) > 1:
        ids = [page.pk for page in backend.search(query, pages, operator="or")[:MAX_MATCHES]]
    return ids


@dataclass(frozen=True)
class SupportKey:
    """A matching helpline or support resource, beside the page ids in a result list."""

    model: type
    pk: int


# Helplines are a national list per language: another language's lines would be the wrong
# country's numbers, so they never stand in for a missing translation. The programme's own
# resources are the same everywhere, so an untranslated one is shown in the default language.
SUPPORT_MODELS = ((Helpline, False), (SupportResource, True))
# Routes to help come before pages (they answer "who can I talk to" directly), so only the
# best few of each kind are listed.
MAX_SUPPORT_MATCHES = 5


def searchable_support(model, locale, fallback):
    """`model`'s live items in `locale`, plus default-language ones not translated into it."""
    return in_language(model.objects.filter(live=True), locale, fallback)


def matching_support_keys(query, locale):
    """The helplines and support resources that match, best first, as `SupportKey`s."""
    backend = text_search(locale)
    keys = []
    for model, fallback in SUPPORT_MODELS:
        items = searchable_support(model, locale, fallback)
        found = list(backend.search(query, items, operator="and")[:MAX_SUPPORT_MATCHES])
        if not found and len(query.split()) > 1:
            found = list(backend.search(query, items, operator="or")[:MAX_SUPPORT_MATCHES])
        keys.extend(SupportKey(model, item.pk) for item in found)
    return keys


def support_types(keys):
    """{key: content type id} for the `SupportKey`s among `keys`."""
    return {
        key: ContentType.objects.get_for_model(key.model).pk
        for key in keys
        if isinstance(key, SupportKey)
    }


def topic_links():
    """(link rows, their page id column) for each way a page is tagged with topics."""
    from campaigns.models import CampaignTopic

    return [
        (EpisodePage.topics.through.objects, "episodepage_id"),
        (PlaylistPage.topics.through.objects, "playlistpage_id"),
        (CampaignTopic.objects, "page_id"),
    ]


def pages_with_topic(slug):
    """Ids of episodes, playlists and campaigns tagged with the topic `slug` (any language)."""
    ids = set()
    for rows, page_column in topic_links():
        ids.update(rows.filter(topic__slug=slug).values_list(page_column, flat=True))
    return ids


def browsing_subject(filters, language_code):
    """The topic or pillar chosen with no words typed (the topic's own listing), in the
    visitor's language, or None when neither names one that exists."""
    if filters.topic:
        model, slug = Topic, filters.topic
    elif filters.pillar:
        model, slug = Pillar, filters.pillar
    else:
        return None
    source = (
        model.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        or model.objects.filter(slug=slug).first()
    )
    return localize_all([source], language_code)[0] if source else None


def browse_page_ids(locale, user, filters):
    """Ids of the pages of a topic or pillar the visitor may see, newest first."""
    from campaigns.models import CampaignPage

    pages = searchable_pages(locale, user)
    if filters.topic:
        pages = pages.filter(pk__in=pages_with_topic(filters.topic))
    if filters.pillar:
        pages = pages.filter(
            pk__in=CampaignPage.objects.filter(pillar__slug=filters.pillar).values("pk")
        )
    ordered = pages.order_by("-first_published_at", "-pk").values_list("pk", flat=True)
    return list(ordered[:MAX_MATCHES])


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Filters:
    content_type: str = ""
    topic: str = ""
    pillar: str = ""
    duration: str = ""

    @classmethod
    def from_request(cls, params):
        """Unknown values are ignored rather than refused: the page still answers sensibly."""

        def one(name):
            value = params.get(name, "")
            # Slugs (types: app.model); anything else (NUL, markup, 10 kB) matches nothing.
            return value if isinstance(value, str) and FILTER_VALUE.match(value) else ""

        filters = cls(one("type"), one("topic"), one("pillar"), one("duration"))
        if filters.duration not in DURATION_BANDS:
            filters.duration = ""
        return filters

    def as_params(self):
        return {
            name: value
            for name, value in (
                ("type", self.content_type),
                ("topic", self.topic),
                ("pillar", self.pillar),
                ("duration", self.duration),
            )
            if value
        }


@dataclass
class Facets:
    content_type: list = field(default_factory=list)
    topic: list = field(default_factory=list)
    pillar: list = field(default_factory=list)
    duration: list = field(default_factory=list)


def page_topics(page_ids):
    """{page id: {topic slug}} for episodes, playlists and campaigns among `page_ids`."""
    result = {}
    for rows, page_column in topic_links():
        links = rows.filter(**{f"{page_column}__in": page_ids})
        for page_id, slug in links.values_list(page_column, "topic__slug"):
            result.setdefault(page_id, set()).add(slug)
    return result


def page_pillars(page_ids):
    from campaigns.models import CampaignPage

    return dict(
        CampaignPage.objects.filter(pk__in=page_ids, pillar__isnull=False).values_list(
            "pk", "pillar__slug"
        )
    )


def episode_bands(page_ids):
    bands = {}
    rows = EpisodePage.objects.filter(pk__in=page_ids).values_list("pk", "audio__duration_seconds")
    for page_id, seconds in rows:
        seconds = seconds or 0
        for band, (low, high) in DURATION_BANDS.items():
            if seconds >= low and (high is None or seconds < high):
                bands[page_id] = band
    return bands


def page_types(page_ids):
    return dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"))


def type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def apply_filters(ids, filters, facts):
    """`ids` kept in order, narrowed by every chosen filter."""
    types, topics, pillars, bands = facts
    wanted_type = None
    if filters.content_type:
        try:
            app_label, model = filters.content_type.split(".", 1)
            wanted_type = ContentType.objects.get_by_natural_key(app_label, model).pk
        except (ValueError, ContentType.DoesNotExist):
            wanted_type = -1  # an unknown type matches nothing
    kept = []
    for page_id in ids:
        if wanted_type is not None and types.get(page_id) != wanted_type:
            continue
        if filters.topic and filters.topic not in topics.get(page_id, ()):
            continue
        if filters.pillar and pillars.get(page_id) != filters.pillar:
            continue
        if filters.duration and bands.get(page_id) != filters.duration:
            continue
        kept.append(page_id)
    return kept


def count_facets(ids, filters, facts, language_code):
    """Counts per value of each filter, among the matches narrowed by the *other* filters,
    so every shown count is what choosing that value would give."""
    types, topics, pillars, bands = facts

    def narrowed(**without):
        return apply_filters(ids, Filters(**{**filters.__dict__, **without}), facts)

    facets = Facets()
    type_counts = {}
    for page_id in narrowed(content_type=""):
        type_counts[types[page_id]] = type_counts.get(types[page_id], 0) + 1
    for type_id, count in type_counts.items():
        content_type = ContentType.objects.get_for_id(type_id)
        model = content_type.model_class()
        key = type_key(content_type)
        label = str(model._meta.verbose_name).capitalize() if model else key
        facets.content_type.append(FacetValue(key, label, count, key == filters.content_type))
    facets.content_type.sort(key=lambda value: (-value.count, value.label))

    topic_counts = {}
    for page_id in narrowed(topic=""):
        for slug in topics.get(page_id, ()):
            topic_counts[slug] = topic_counts.get(slug, 0) + 1
    facets.topic = labelled(Topic, topic_counts, filters.topic, language_code, "name")

    pillar_counts = {}
    for page_id in narrowed(pillar=""):
        if page_id in pillars:
            pillar_counts[pillars[page_id]] = pillar_counts.get(pillars[page_id], 0) + 1
    facets.pillar = labelled(Pillar, pillar_counts, filters.pillar, language_code, "title")

    band_counts = {}
    for page_id in narrowed(duration=""):
        if page_id in bands:
            band_counts[bands[page_id]] = band_counts.get(bands[page_id], 0) + 1
    facets.duration = [
        FacetValue(band, str(DURATION_LABELS[band]), band_counts[band], band == filters.duration)
        for band in DURATION_BANDS
        if band in band_counts
    ]
    return facets


def labelled(model, counts, selected, language_code, label_field):
    """Facet values for taxonomy slugs, labelled in the visitor's language."""
    if not counts:
        return []
    sources = model.objects.filter(
        slug__in=counts, locale__language_code=settings.LANGUAGE_CODE
    ).order_by("pk")
    by_slug = {item.slug: item for item in localize_all(sources, language_code)}
    values = [
        FacetValue(
            slug,
            getattr(by_slug[slug], label_field) if slug in by_slug else slug,
            count,
            slug == selected,
        )
        for slug, count in counts.items()
    ]
    return sorted(values, key=lambda value: (-value.count, value.label.casefold()))


def _duration_labels():
    from django.utils.translation import gettext_lazy as _

    return {
        "short": _("Under 10 minutes"),
        "medium": _("10 to 30 minutes"),
        "long": _("Over 30 minutes"),
    }


DURATION_LABELS = _duration_labels()


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
    text without being rendered (rendering would load every chosen episode or playlist)."""
    parts = [page.introduction if hasattr(page, "introduction") else ""]
    for name in ("summary", "description", "body"):
        value = getattr(page, name, None)
        if not value:
            continue
        if isinstance(value, StreamValue):
            parts.extend(value.stream_block.get_searchable_content(value))
        else:
            parts.append(strip_tags(str(value)))
    return " ".join(without_repeats(parts))


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


@dataclass
class Result:
    """One hit: a page, or a helpline or support resource (`item`)."""

    title: str
    url: str
    locale: Locale
    type_label: str
    page: Page | None = None
    item: Helpline | SupportResource | None = None
    snippet: str = ""
    transcript: TranscriptHit | None = None
    other_language: bool = False

    @property
    def kind(self):
        if self.page is not None:
            return "page"
        return "helpline" if isinstance(self.item, Helpline) else "resource"


def load_hits(keys):
    """{key: object} for a page of result keys: specific pages and support items."""
    page_ids = [key for key in keys if not isinstance(key, SupportKey)]
    pages = list(Page.objects.filter(pk__in=page_ids).specific())
    # `.specific()` loads each type apart, without the locale: set it from one query.
    locales = {locale.pk: locale for locale in Locale.objects.all()}
    for page in pages:
        page.locale = locales[page.locale_id]
    EpisodePage.prefetch_display_transcripts(pages)
    found = {page.pk: page for page in pages}
    for model, _fallback in SUPPORT_MODELS:
        wanted = [key.pk for key in keys if isinstance(key, SupportKey) and key.model is model]
        if wanted:
            for item in model.objects.filter(pk__in=wanted).select_related("locale"):
                found[SupportKey(model, item.pk)] = item
    return found


def support_item_url(item, support_pages, request):
    """The item's entry on the support page of its language (the first one found)."""
    from cms.support.helplines import support_page_for

    code = item.locale.language_code
    if code not in support_pages:
        page = support_page_for(code)
        support_pages[code] = page.get_url(request) if page is not None else ""
    anchor = "helpline" if isinstance(item, Helpline) else "resource"
    base = support_pages[code]
    return f"{base}#{anchor}-{item.pk}" if base else ""


def support_text(item):
    if isinstance(item, Helpline):
        return " · ".join(part for part in (item.description, item.countries) if part)
    return item.description


def build_results(hits, terms, locale, request=None):
    """Results in the order of `hits` (pages and support items)."""
    terms = marked_terms(terms)
    results = []
    support_pages = {}
    for hit in hits:
        if isinstance(hit, Page):
            result = Result(
                title=hit.title,
                url=hit.get_url(request),
                locale=hit.locale,
                type_label=str(hit._meta.verbose_name).capitalize(),
                page=hit,
                other_language=hit.locale_id != locale.pk,
            )
            if isinstance(hit, EpisodePage):
                result.transcript = transcript_hit(hit, terms)
            text = page_text(hit)
        else:
            result = Result(
                title=str(hit),
                url=support_item_url(hit, support_pages, request),
                locale=hit.locale,
                type_label=str(hit._meta.verbose_name).capitalize(),
                item=hit,
                other_language=hit.locale_id != locale.pk,
            )
            text = support_text(hit)
        if text:
            result.snippet = excerpt(text, terms)
        results.append(result)
    return results
