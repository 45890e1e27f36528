"""One convention for translated snippets (pillars, topics, helplines, …).

Editors choose a snippet in any language, usually the default-language one, and pages keep
pointing at that instance in every translation (the field is a `SynchronizedField`). Templates
then show the snippet's translation in the language being viewed, falling back to the chosen
instance when there is no translation yet. So a Swedish campaign that points at the English
"Burnout" topic shows "Utbrändhet" once the topic is translated, and "Burnout" until then.

- `localized(obj)`: one object (one query). In templates: `{{ topic|localized }}` after
  `{% load localization_tags %}`.
- `localize_all(objects)`: many objects in one query per model, for listings, so a page's
  query count does not grow with what it lists.
- `active_language_code()`: the content language being viewed (e.g. "pt-br").

And `SourceLanguageParts(page)`: what a translated page still shows in its source language.

`cached_locale(locale_id)`: a Locale from the cache (they hardly ever change), so reading a
page's locale costs no query; emptied whenever a locale is saved or deleted.
"""

from collections import defaultdict
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import DraftStateMixin

from cms.core.request_memo import forget, remembered

LOCALES_CACHE_KEY = "locales:by-id"
LOCALES_CACHE_SECONDS = 60 * 60


def cached_locales():
    """{id: Locale} for every locale, from the cache (one small query when it is cold)."""
    from wagtail.models import Locale

    def read():
        locales = cache.get(LOCALES_CACHE_KEY)
        if locales is None:
            locales = {locale.pk: locale for locale in Locale.objects.all()}
            cache.set(LOCALES_CACHE_KEY, locales, LOCALES_CACHE_SECONDS)
        return locales

    return remembered(LOCALES_CACHE_KEY, read)


def cached_locale(locale_id):
    return cached_locales().get(locale_id)


def forget_cached_locales(**kwargs):
    cache.delete(LOCALES_CACHE_KEY)
    forget(LOCALES_CACHE_KEY)


def is_default_language_locale(locale_id):
    locale = cached_locale(locale_id)
    if locale is None:
        return False
    return locale.language_code == get_supported_content_language_variant(settings.LANGUAGE_CODE)


def active_language_code():
    """The content language of the request being served, or the default one."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def localize_all(objects, language_code=None):
    """`objects` (translatable model instances, None allowed) in the given or active language.

    Returns a list in the same order. Each object is replaced by its translation when one
    exists (and is live, for snippets with drafts), otherwise kept. One query per model class
    with objects in another language, whatever their number; none when all are in it already.
    """
    objects = list(objects)
    language_code = language_code or active_language_code()
    keys_by_model = defaultdict(set)
    for obj in objects:
        if obj is not None and not in_language(obj, language_code):
            keys_by_model[type(obj)].add(obj.translation_key)
    if not keys_by_model:
        return objects
    translations = {}
    for model, keys in keys_by_model.items():
        cached = cached_translations(model, language_code)
        if cached is not None:
            found = [cached[key] for key in keys if key in cached]
        else:
            found = model.objects.filter(
                translation_key__in=keys, locale__language_code=language_code
            )
            if issubclass(model, DraftStateMixin):
                found = found.filter(live=True)  # an unreviewed translation is not shown
        for translated in found:
            translations[(model, translated.translation_key)] = translated
    return [
        None if obj is None else translations.get((type(obj), obj.translation_key), obj)
        for obj in objects
    ]


def cached_translations(model, language_code):
    """For a small snippet model that asks for it (`translations_cached = True`: pillars and
    topics), every live row in `language_code` by translation key, kept with the page cache's
    frame (publishing a snippet moves it on); None for other models or with the cache off."""
    from .page_cache import generation_cached, page_cache_seconds

    if not getattr(model, "translations_cached", False) or not page_cache_seconds():
        return None

    def build():
        rows = model.objects.filter(locale__language_code=language_code)
        if issubclass(model, DraftStateMixin):
            rows = rows.filter(live=True)
        return {row.translation_key: row for row in rows}

    return generation_cached("translations", [model._meta.label, language_code], build, frame=True)


def in_language(obj, language_code):
    """True when `obj` (translatable) is in the language `language_code` already: its own
    version is then the one to show, and looking for a translation cannot change that."""
    locale = cached_locale(obj.locale_id)
    return locale is not None and locale.language_code == language_code


def localized(obj, language_code=None):
    """One translatable object in the given or active language (falls back to `obj`)."""
    if obj is None:
        return None
    return localize_all([obj], language_code)[0]


def base_page_translatable_fields():
    """`translatable_fields` for the fields every `BasePage` has; page types add their own."""
    from wagtail_localize.fields import SynchronizedField, TranslatableField

    return [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        TranslatableField("introduction"),
        TranslatableField("content_notes"),
        # A locale may need its own image (text in the picture, local faces).
        SynchronizedField("listing_image", overridable=True),
        SynchronizedField("show_in_menus", overridable=False),
    ]


class SourceLanguageParts:
    """The parts of a translated page still in its source language.

    wagtail-localize fills a segment nobody has translated yet with the source text (its
    `save_target` falls back), so a Swedish page may carry an English paragraph. Templates mark
    those parts with `lang` so screen readers pronounce them right: `untranslated.lang_of.<field>`
    for a field, and `includes/stream.html` for each StreamField block.

    An alias (the copy Wagtail makes of an untranslated parent page so that a translated child
    has somewhere to live) shows its source's text throughout: every field and block is marked.
    """

    def __init__(self, page):
        self.page = page

    @cached_property
    def alias_language(self):
        """The source's language code when the page is an alias of a page in another
        language, else ""."""
        return alias_source_language(self.page)

    @cached_property
    def _paths_and_language(self):
        from django.db.models import Exists, OuterRef
        from wagtail_localize.models import StringSegment, StringTranslation

        page = self.page
        if page.pk is None or page.locale_id is None or self.alias_language:
            return set(), self.alias_language
        if is_default_language_locale(page.locale_id):
            # Translations are made from the default language (translators have no rights in
            # it), so its pages are sources: nothing of theirs is untranslated. Saves the join.
            return set(), ""
        translated = StringTranslation.objects.filter(
            translation_of=OuterRef("string_id"),
            locale_id=page.locale_id,
            context_id=OuterRef("context_id"),
        )
        rows = (
            StringSegment.objects.filter(
                source__object_id=page.translation_key,
                source__translations__target_locale_id=page.locale_id,
                source__translations__enabled=True,
            )
            .exclude(source__locale_id=page.locale_id)
            .filter(~Exists(translated))
            .values_list("context__path", "source__locale__language_code")
        )
        rows = list(rows)
        # One source per translation: every row names the same source language.
        return {path for path, _language in rows}, rows[0][1] if rows else ""

    @property
    def language(self):
        return self._paths_and_language[1]

    @cached_property
    def blocks(self):
        if self.alias_language:
            return EveryBlock()
        return self._blocks

    @cached_property
    def _blocks(self):
        """Ids of StreamField blocks with an untranslated segment (paths "body.<id>[...]").
        A block only partly translated is marked too: its untranslated part is usually the
        longer text (a paragraph under a translated heading)."""
        return {
            parts[1]
            for parts in (path.split(".") for path in self._paths_and_language[0])
            if len(parts) > 1
        }

    @cached_property
    def lang_of(self):
        """{field name: source language code} for untranslated fields, for templates."""
        if self.alias_language:
            return defaultdict(lambda: self.alias_language)
        fields = {path.split(".", 1)[0] for path in self._paths_and_language[0]}
        return dict.fromkeys(fields, self.language)


class EveryBlock:
    """`block.id in untranslated.blocks` for an alias: all of its blocks are the source's."""

    def __contains__(self, block_id):
        return True


def alias_source_language(page):
    """The language code of the page an alias shows, when it is in another language than the
    alias's own (one query, remembered on the page), else ""."""
    if not getattr(page, "alias_of_id", None):
        return ""
    if "_alias_source_language" not in page.__dict__:
        from wagtail.models import Page

        locale_id = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True)
        source = cached_locale(locale_id.first())
        own = page.locale_id
        page.__dict__["_alias_source_language"] = (
            source.language_code if source is not None and source.pk != own else ""
        )
    return page.__dict__["_alias_source_language"]
