"""What needs translating, per language: the translator's work queue.

An item is a live page or a live translatable snippet of the default (source) language that, in
a target language:
- has no copy yet ("translate"),
- was published again after its text was last sent to translators ("update": wagtail-localize's
  "Sync translated pages" brings the new text in),
- has segments nobody has translated yet ("in progress"),
- or exists there only as a plain copy or an alias, made without wagtail-localize, so nothing
  tracks its translation ("copy").

Everything is read in a fixed number of queries per content kind (pages, then each translatable
snippet model), whatever the number of items and languages: the dashboard panel runs it on
every visit of a translator's dashboard.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.contrib.admin.utils import quote
from django.db.models import Count, F
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import StringSegment, Translation, TranslationSource

TRANSLATE = "translate"
UPDATE = "update"
IN_PROGRESS = "in_progress"
COPY = "copy"
STATUSES = [TRANSLATE, UPDATE, IN_PROGRESS, COPY]


@dataclass
class QueueItem:
    """One source object and where its translation into `locale` stands."""

    status: str
    title: str
    kind: str  # the model's verbose name: "episode", "helpline", …
    locale: Locale
    source_edit_url: str
    translate_url: str = ""  # starts wagtail-localize's "Translate" with this language chosen
    update_url: str = ""  # wagtail-localize's "Sync translated pages" for this source
    target_edit_url: str = ""  # the translation, in the translation editor
    segments_left: int = 0
    segments_total: int = 0


@dataclass
class LanguageSummary:
    locale: Locale
    items: list

    def count(self, status):
        return sum(1 for item in self.items if item.status == status)

    @property
    def to_translate(self):
        return self.count(TRANSLATE)

    @property
    def to_update(self):
        return self.count(UPDATE)

    @property
    def in_progress(self):
        return self.count(IN_PROGRESS) + self.count(COPY)

    @property
    def segments_left(self):
        return sum(item.segments_left for item in self.items)


def target_locales():
    return list(Locale.objects.exclude(language_code=settings.LANGUAGE_CODE).order_by("pk"))


def translatable_snippet_models():
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


class WorkQueue:
    """The queue for some target languages (all but the default one unless given)."""

    def __init__(self, locales=None):
        self.source_locale = Locale.get_default()
        self.locales = locales if locales is not None else target_locales()
        self.locales_by_id = {locale.pk: locale for locale in self.locales}

    @cached_property
    def items(self):
        items = self.page_items()
        for model in translatable_snippet_models():
            items += self.snippet_items(model)
        return items

    def by_language(self):
        grouped = {locale.pk: [] for locale in self.locales}
        for item in self.items:
            grouped[item.locale.pk].append(item)
        return [LanguageSummary(locale, grouped[locale.pk]) for locale in self.locales]

    # --- Sources -------------------------------------------------------------------------

    def page_items(self):
        sources = list(
            Page.objects.filter(locale=self.source_locale, live=True, depth__gt=1)
            .select_related("content_type")
            .order_by("path")
            .only("pk", "title", "path", "translation_key", "last_published_at", "content_type")
        )

        def urls(page):
            return {
                "source_edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                "translate_path": reverse(
                    "wagtail_localize:submit_page_translation", args=[page.pk]
                ),
            }

        copies = Page.objects.filter(
            locale__in=self.locales, translation_key__in=[page.translation_key for page in sources]
        ).values_list("translation_key", "locale_id", "pk")
        return self.classify(
            sources,
            kind=lambda page: page.content_type.model_class()._meta.verbose_name,
            urls=urls,
            copies=copies,
            target_edit_url=lambda pk: reverse("wagtailadmin_pages:edit", args=[pk]),
        )

    def snippet_items(self, model):
        sources = model.objects.filter(locale=self.source_locale)
        if issubclass(model, DraftStateMixin):
            sources = sources.filter(live=True)
        sources = list(sources)
        viewset = model.snippet_viewset
        opts = model._meta

        def urls(instance):
            return {
                "source_edit_url": reverse(viewset.get_url_name("edit"), args=[quote(instance.pk)]),
                "translate_path": reverse(
                    "wagtail_localize:submit_snippet_translation",
                    args=[opts.app_label, opts.model_name, quote(instance.pk)],
                ),
            }

        copies = model.objects.filter(
            locale__in=self.locales,
            translation_key__in=[instance.translation_key for instance in sources],
        ).values_list("translation_key", "locale_id", "pk")
        return self.classify(
            sources,
            kind=lambda _instance: opts.verbose_name,
            urls=urls,
            copies=copies,
            target_edit_url=lambda pk: reverse(viewset.get_url_name("edit"), args=[quote(pk)]),
        )

    # --- Where each translation stands ----------------------------------------------------

    def classify(self, sources, *, kind, urls, copies, target_edit_url):
        copy_of = {(key, locale_id): pk for key, locale_id, pk in copies}
        extracted = {
            source.object_id: source
            for source in TranslationSource.objects.filter(
                object_id__in=[obj.translation_key for obj in sources],
                locale=self.source_locale,
            ).only("pk", "object_id", "last_updated_at")
        }
        tracked = set(
            Translation.objects.filter(
                source__in=extracted.values(), target_locale__in=self.locales, enabled=True
            ).values_list("source_id", "target_locale_id")
        )
        progress = self.progress([source.pk for source in extracted.values()])

        items = []
        for obj in sources:
            source = extracted.get(obj.translation_key)
            links = urls(obj)
            for locale in self.locales:
                item = QueueItem(
                    status="",
                    title=str(obj.title if isinstance(obj, Page) else obj),
                    kind=str(kind(obj)),
                    locale=locale,
                    source_edit_url=links["source_edit_url"],
                )
                target_pk = copy_of.get((obj.translation_key, locale.pk))
                if target_pk is None:
                    item.status = TRANSLATE
                    item.translate_url = (
                        links["translate_path"]
                        + "?"
                        + urlencode({"select_locale": locale.language_code})
                    )
                    items.append(item)
                    continue
                item.target_edit_url = target_edit_url(target_pk)
                if source is None or (source.pk, locale.pk) not in tracked:
                    item.status = COPY
                    items.append(item)
                    continue
                total, done = progress.get((source.pk, locale.pk), (0, 0))
                item.segments_total, item.segments_left = total, total - done
                if self.changed_since_extracted(obj, source):
                    item.status = UPDATE
                    item.update_url = reverse(
                        "wagtail_localize:update_translations", args=[source.pk]
                    )
                elif item.segments_left:
                    item.status = IN_PROGRESS
                else:
                    continue
                items.append(item)
        return items

    @staticmethod
    def changed_since_extracted(obj, source):
        published = getattr(obj, "last_published_at", None)
        return published is not None and published > source.last_updated_at

    def progress(self, source_ids):
        """{(source id, locale id): (segments, translated segments)} in two queries, counted as
        wagtail-localize's Translation.get_progress counts them (errors are not translations)."""
        if not source_ids:
            return {}
        totals = dict(
            StringSegment.objects.filter(source_id__in=source_ids)
            .values("source_id")
            .annotate(total=Count("pk"))
            .values_list("source_id", "total")
        )
        translated = (
            StringSegment.objects.filter(
                source_id__in=source_ids,
                string__translations__locale_id__in=list(self.locales_by_id),
                string__translations__context_id=F("context_id"),
                string__translations__has_error=False,
            )
            .values("source_id", "string__translations__locale_id")
            .annotate(done=Count("pk", distinct=True))
            .values_list("source_id", "string__translations__locale_id", "done")
        )
        done = {(source_id, locale_id): count for source_id, locale_id, count in translated}
        return {
            (source_id, locale_id): (total, done.get((source_id, locale_id), 0))
            for source_id, total in totals.items()
            for locale_id in self.locales_by_id
        }
