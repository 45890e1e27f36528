"""Running a site search: what the visitor may see, in their language, with facets and snippets.

Search terms are sensitive on a mental-health site: nothing here records who searched.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField, Q, Value
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from wagtail.blocks import Block, ListBlock, StreamBlock, StreamValue, StructBlock
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import DraftStateMixin, Locale, Page

from cms.core import access
from cms.core.localization import cached_locale, cached_locales, localize_all
from cms.core.taxonomy import Pillar, Topic
from cms.support.models import Helpline, SupportResource
from library.models import EpisodePage, PlaylistPage

from .backends import ranked_pks, search_backend_for

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


def locale_for(language_code):
    """The Locale of `language_code`, from the cache of locales (no query once it is warm)."""
    for locale in cached_locales().values():
        if locale.language_code == language_code:
            return locale
    return Locale.objects.get(language_code=language_code)


def default_locale():
    return locale_for(get_supported_content_language_variant(settings.LANGUAGE_CODE))


def in_language(items, locale, fallback=True):
    """`items` in `locale`, plus default-language ones with no counterpart among `items` in
    `locale` (shown instead of a missing translation, marked as in another language)."""
    wanted = Q(locale=locale)
    default = default_locale()
    if fallback and locale.pk != default.pk:
        translated = items.filter(locale=locale).values("translation_key")
        wanted |= Q(locale=default) & ~Q(translation_key__in=translated)
    return items.filter(wanted)


def searchable_pages(locale, user, fallback=True):
    """Live pages of `locale` that `user` may see, plus default-language pages not (yet) live
    in `locale`."""
    pages = in_language(Page.objects.live(), locale, fallback).filter(depth__gt=1)
    # The restricted paths (one query, kept for the request) as conditions the search backends
    # accept: they filter on indexed fields only, so not `access.visible_q`'s EXISTS.
    for path in access.hidden_paths(user):
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
    ids = ranked_pks(backend.search(query, pages, operator="and")[:MAX_MATCHES])
    if not ids and len(query.split()) > 1:
        ids = ranked_pks(backend.search(query, pages, operator="or")[:MAX_MATCHES])
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


def matching_support(query, locale):
    """{`SupportKey`: item} for the helplines and support resources that match, best first.
    The items are kept: a result page shows them without loading them again."""
    backend = text_search(locale)
    found = {}
    for model, fallback in SUPPORT_MODELS:
        items = searchable_support(model, locale, fallback)
        matches = list(backend.search(query, items, operator="and")[:MAX_SUPPORT_MATCHES])
        if not matches and len(query.split()) > 1:
            matches = list(backend.search(query, items, operator="or")[:MAX_SUPPORT_MATCHES])
        for item in matches:
            item.locale = cached_locale(item.locale_id)
            found[SupportKey(model, item.pk)] = item
    return found


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


def page_facts(page_ids):
    """What the filters and facets need to know of each page, in one query:
    ({page id: content type id}, {page id: {topic slug}}, {campaign id: pillar slug},
    {episode id: duration band}).

    A page is of one type only, so its row joins the topic links of that type alone: one row
    per topic (or one row with none), never a product of several link tables."""
    types, topics, pillars, bands = {}, {}, {}, {}
    rows = Page.objects.filter(pk__in=page_ids).values_list(
        "pk",
        "content_type_id",
        "episodepage__pk",
        "episodepage__audio__duration_seconds",
        "campaignpage__pillar__slug",
        "episodepage__topics__slug",
        "playlistpage__topics__slug",
        "campaignpage__topic_links__topic__slug",
    )
    for page_id, type_id, episode_id, seconds, pillar, *topic_slugs in rows:
        types[page_id] = type_id
        if pillar is not None:
            pillars[page_id] = pillar
        if episode_id is not None:
            bands[page_id] = duration_band(seconds or 0)
        for slug in topic_slugs:
            if slug is not None:
                topics.setdefault(page_id, set()).add(slug)
    return types, topics, pillars, bands


def duration_band(seconds):
    for band, (low, high) in DURATION_BANDS.items():
        if seconds >= low and (high is None or seconds < high):
            return band
    return None


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
    pillar_counts = {}
    for page_id in narrowed(pillar=""):
        if page_id in pillars:
            pillar_counts[pillars[page_id]] = pillar_counts.get(pillars[page_id], 0) + 1
    labels = taxonomy_labels({Topic: topic_counts, Pillar: pillar_counts}, language_code)
    facets.topic = labelled(topic_counts, filters.topic, labels[Topic])
    facets.pillar = labelled(pillar_counts, filters.pillar, labels[Pillar])

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


def labelled(counts, selected, labels):
    """Facet values for taxonomy slugs, labelled in the visitor's language."""
    values = [
        FacetValue(slug, labels.get(slug, slug), count, slug == selected)
        for slug, count in counts.items()
    ]
    return sorted(values, key=lambda value: (-value.count, value.label.casefold()))


# What a topic and a pillar are called.
TAXONOMY_LABEL_FIELDS = {Topic: "name", Pillar: "title"}


def taxonomy_labels(slugs_by_model, language_code):
    """{model: {slug: label}} for topics and pillars: the default-language item with each slug,
    named in `language_code` where it has a live translation (`localize_all`'s rule), every
    model in one query."""
    default_code = settings.LANGUAGE_CODE
    models = list(slugs_by_model)
    parts = []
    for kind, model in enumerate(models):
        if not slugs_by_model[model]:
            continue
        sources = model.objects.filter(
            slug__in=slugs_by_model[model], locale__language_code=default_code
        )
        wanted = Q(pk__in=sources.values("pk"))
        if language_code != default_code:
            translated = Q(
                translation_key__in=sources.values("translation_key"),
                locale__language_code=language_code,
            )
            if issubclass(model, DraftStateMixin):
                translated &= Q(live=True)  # an unreviewed translation is not shown
            wanted |= translated
        rows = (
            model.objects.filter(wanted)
            .order_by()
            .annotate(
                kind=Value(kind, output_field=IntegerField()),
                label=F(TAXONOMY_LABEL_FIELDS[model]),
            )
        )
        parts.append(rows.values_list("kind", "slug", "translation_key", "locale_id", "label"))
    labels = {model: {} for model in models}
    if not parts:
        return labels
    sources, translations = [], {}
    for kind, slug, key, locale_id, label in parts[0].union(*parts[1:], all=True):
        if cached_locale(locale_id).language_code == default_code:
            sources.append((models[kind], slug, key, label))
        else:
            translations[(models[kind], key)] = label
    for model, slug, key, label in sources:
        labels[model][slug] = translations.get((model, key), label)
    return labels


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


def load_hits(keys, loaded=None, types=None):
    """{key: object} for a page of result keys: specific pages and support items. Items in
    `loaded` ({key: object}, e.g. the support items the search returned) are not loaded again;
    `types` ({page id: content type id}, as `page_facts` gives) spares asking for the types."""
    loaded = loaded or {}
    page_ids = [key for key in keys if not isinstance(key, SupportKey)]
    pages = specific_pages(page_ids, types)
    for page in pages:
        page.locale = cached_locale(page.locale_id)
    EpisodePage.prefetch_display_transcripts(pages)
    found = {page.pk: page for page in pages}
    for model, _fallback in SUPPORT_MODELS:
        wanted = [
            key.pk
            for key in keys
            if isinstance(key, SupportKey) and key.model is model and key not in loaded
        ]
        if wanted:
            for item in model.objects.filter(pk__in=wanted).select_related("locale"):
                found[SupportKey(model, item.pk)] = item
    found.update({key: item for key, item in loaded.items() if key in keys})
    return found


def specific_pages(page_ids, types=None):
    """The pages of `page_ids` as their own types, in one query whatever the mix of types:
    each type's table joined to the page row (`select_related` of the inheritance links),
    where `.specific()` would ask for the types and then query once per type. `types`
    ({page id: content type id}, as `page_facts` gives) says which tables to join; without
    it, `.specific()`. Episodes come with the transcript their result's transcript line reads.
    """
    if not page_ids:
        return []
    if types is None or any(page_id not in types for page_id in page_ids):
        return list(Page.objects.filter(pk__in=page_ids).specific())
    models = {
        page_id: ContentType.objects.get_for_id(types[page_id]).model_class() or Page
        for page_id in page_ids
    }
    links = {model: inheritance_path(model) for model in set(models.values())}
    related = [path for path in links.values() if path]
    related += [f"{links[model]}__transcript" for model in links if issubclass(model, EpisodePage)]
    pages = Page.objects.filter(pk__in=page_ids).select_related(*related)
    return [own_type(page, links[models[page.pk]]) for page in pages]


def inheritance_path(model):
    """The `select_related` path from Page down to `model`'s row ("" for Page itself)."""
    names = []
    while model is not Page and issubclass(model, Page):
        parent, link = next(
            (parent, link) for parent, link in model._meta.parents.items() if link is not None
        )
        names.append(link.related_query_name())
        model = parent
    return "__".join(reversed(names))


def own_type(page, path):
    """The object of the page's own type joined along `path`; the page itself when its row of
    that type is missing (as `.specific()` falls back)."""
    specific = page
    for name in path.split("__") if path else []:
        specific = getattr(specific, name, None)
        if specific is None:
            return page
    return specific


def support_item_url(item, support_pages, request):
    """The item's entry on the support page of its language (the first one found)."""
    from cms.support.helplines import support_page_for

    code = item.locale.language_code
    if code not in support_pages:
        page = support_page_for(code, request)
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
