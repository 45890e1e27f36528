"""Choices in the language of the page being edited (issue #14).

An editor working on an English page should only be offered English topics, pillars,
transcripts, episodes and playlists, and a Swedish page only Swedish ones.

- Snippet and page choosers already open filtered: Wagtail's page editor puts the page's
  locale in its JS config (`ACTIVE_CONTENT_LOCALE`) and every chooser modal sends it as the
  `locale` parameter, which the snippet chooser's "Locale" filter and the page chooser's root
  listing apply. The page chooser's search ignored it until `filter_page_chooser_search`
  (cms/core/wagtail_hooks.py); the audio chooser (audio is not translatable) puts recordings
  in that language first (library/wagtail_hooks.py).
- Topic checkboxes are not a chooser: `SameLocaleChoicesMixin` lists only the page's
  language's topics.
- Whatever the widget, the form refuses a newly chosen object in another language with a clear
  error (a chooser's Locale filter can be switched, and posts can be made by hand).

What a page already points at is kept and accepted as it is: translations made by
wagtail-localize keep the source page's topics, pillar and featured pages (synchronised fields,
shown in the reader's language by `cms.core.localization`), and saving such a page must neither
drop them nor fail on them. In a topic list they are labelled with their language.
"""

from django.core.exceptions import ValidationError
from django.forms import CheckboxSelectMultiple, ModelMultipleChoiceField
from django.forms.models import ModelChoiceIteratorValue
from django.utils.translation import gettext
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import StreamValue
from wagtail.models import TranslatableMixin

from .localization import cached_locale


def is_translatable_model(model):
    return model is not None and issubclass(model, TranslatableMixin)


def object_key(obj):
    """The same key for a page whatever its specific class (pages share one id space)."""
    return (obj.get_translation_model(), obj.pk)


def ids_of(value):
    """Primary keys in a form field's initial value (an id, an object, a list or queryset)."""
    if value is None or value == "":
        return set()
    if isinstance(value, list | tuple | set) or hasattr(value, "all"):
        return {getattr(item, "pk", item) for item in value}
    return {getattr(value, "pk", value)}


def language_name(locale_id):
    locale = cached_locale(locale_id)
    return locale.get_display_name() if locale else ""


def foreign_choice_error(locale_id, objects):
    return ValidationError(
        gettext("Choose in this page's language (%(language)s). In another language: %(names)s.")
        % {
            "language": language_name(locale_id),
            "names": ", ".join(str(obj) for obj in objects),
        },
        code="other_language",
    )


def chosen_in_stream(block, value):
    """Every translatable object chosen anywhere in a block value (StreamField, struct, list)."""
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from chosen_in_stream(child.block, child.value)
    elif isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        # (ImageBlock is a StructBlock whose value is the image itself.)
        for name, child_block in block.child_blocks.items():
            yield from chosen_in_stream(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from chosen_in_stream(block.child_block, item)
    elif isinstance(block, blocks.ChooserBlock) and isinstance(value, TranslatableMixin):
        yield value


def stream_errors(block, value, is_refused):
    """A block validation error marking each refused choice where it sits, or None."""
    if value is None:
        return None
    if isinstance(block, blocks.StreamBlock):
        errors = {}
        for index, child in enumerate(value):
            error = stream_errors(child.block, child.value, is_refused)
            if error:
                errors[index] = error
        return StreamBlockValidationError(block_errors=errors) if errors else None
    if isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        errors = {}
        for name, child_block in block.child_blocks.items():
            error = stream_errors(child_block, value.get(name), is_refused)
            if error:
                errors[name] = error
        return StructBlockValidationError(block_errors=errors) if errors else None
    if isinstance(block, blocks.ListBlock):
        errors = {}
        for index, item in enumerate(value):
            error = stream_errors(block.child_block, item, is_refused)
            if error:
                errors[index] = error
        return ListBlockValidationError(block_errors=errors) if errors else None
    if isinstance(block, blocks.ChooserBlock) and isinstance(value, TranslatableMixin):
        return is_refused(value)
    return None


class SameLocaleChoicesMixin:
    """For forms of translatable objects: choices limited to the object's own locale.

    Covers foreign keys and many-to-many fields to translatable models (snippets and pages),
    the same in inline panels (a playlist's episodes, a campaign's topics, the home page's
    featured playlists) and chooser blocks in StreamFields (featured episodes and playlists).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.locale_id is None:
            return
        for name, field in self.fields.items():
            ticked = isinstance(field, ModelMultipleChoiceField) and isinstance(
                field.widget, CheckboxSelectMultiple
            )
            if ticked and is_translatable_model(field.queryset.model):
                self.offer_only_this_language(name, field)

    def offer_only_this_language(self, name, field):
        """Tick boxes for this locale's objects, plus those the object already has."""
        locale_id = self.instance.locale_id
        kept = ids_of(self.initial.get(name))
        shown = [
            obj
            for obj in field.queryset.select_related("locale")
            if obj.locale_id == locale_id or obj.pk in kept
        ]
        field.widget.choices = [
            (
                ModelChoiceIteratorValue(field.prepare_value(obj), obj),
                field.label_from_instance(obj)
                if obj.locale_id == locale_id
                else f"{field.label_from_instance(obj)} ({language_name(obj.locale_id)})",
            )
            for obj in shown
        ]

    def clean(self):
        cleaned_data = super().clean()
        locale_id = self.instance.locale_id
        if locale_id is None:
            return cleaned_data
        self.refuse_other_languages(self, cleaned_data, locale_id)
        for formset in getattr(self, "formsets", {}).values():
            for form in formset.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                self.refuse_other_languages(form, form.cleaned_data, locale_id)
        self.refuse_other_languages_in_streams(cleaned_data, locale_id)
        return cleaned_data

    @staticmethod
    def refuse_other_languages(form, cleaned_data, locale_id):
        for name, field in form.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if not is_translatable_model(model) or cleaned_data.get(name) is None:
                continue
            value = cleaned_data[name]
            chosen = list(value) if hasattr(value, "__iter__") else [value]
            kept = ids_of(form.initial.get(name))
            refused = [obj for obj in chosen if obj.locale_id != locale_id and obj.pk not in kept]
            if refused:
                form.add_error(name, foreign_choice_error(locale_id, refused))

    def refuse_other_languages_in_streams(self, cleaned_data, locale_id):
        for name, field in self.fields.items():
            value = cleaned_data.get(name)
            if not isinstance(value, StreamValue):
                continue
            stored = getattr(self.instance, name, None) if self.instance.pk else None
            kept = {object_key(obj) for obj in chosen_in_stream(field.block, stored)}

            def is_refused(obj, kept=kept):
                if obj.locale_id == locale_id or object_key(obj) in kept:
                    return None
                return foreign_choice_error(locale_id, [obj])

            error = stream_errors(field.block, value, is_refused)
            if error:
                self.add_error(name, error)


class LocalePageForm(SameLocaleChoicesMixin, WagtailAdminPageForm):
    """The base form of every page type (`BasePage.base_form_class`)."""
