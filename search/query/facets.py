"""Filters and facets: what each match is (type, topics, pillar, length), the matches a choice
keeps, and how many each value would give, labelled in the visitor's language."""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, IntegerField, Q, Value
from wagtail.models import DraftStateMixin, Page

from cms.core.localization import cached_locale
from cms.core.taxonomy import Pillar, Topic

from .matching import SupportKey

DURATION_BANDS = {
    "short": (0, 600),
    "medium": (600, 1800),
    "long": (1800, None),
}
FILTER_VALUE = re.compile(r"^[-.\w]{1,100}\Z", re.ASCII)


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


def support_types(keys):
    """{key: content type id} for the `SupportKey`s among `keys`."""
    return {
        key: ContentType.objects.get_for_model(key.model).pk
        for key in keys
        if isinstance(key, SupportKey)
    }


class Facts(NamedTuple):
    """What the filters and facets need to know of each match."""

    types: dict  # {match: content type id}
    topics: dict  # {page id: {topic slug}}
    pillars: dict  # {campaign id: pillar slug}
    bands: dict  # {episode id: duration band}


def page_facts(page_ids):
    """The `Facts` of pages, in one query.

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
    return Facts(types, topics, pillars, bands)


def duration_band(seconds):
    for band, (low, high) in DURATION_BANDS.items():
        if seconds >= low and (high is None or seconds < high):
            return band
    return None


def type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def apply_filters(ids, filters, facts):
    """`ids` kept in order, narrowed by every chosen filter (`facts`: their `Facts`)."""
    types, topics, pillars, bands = facts.types, facts.topics, facts.pillars, facts.bands
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
    types, topics, pillars, bands = facts.types, facts.topics, facts.pillars, facts.bands

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
