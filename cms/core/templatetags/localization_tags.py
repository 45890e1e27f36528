"""Template side of `cms.core.localization`: `{{ snippet|localized }}`, and for an item shown
in another language than the page's (no translation yet) `{{ item|lang_attr }}` on its element
and `{{ item|language_note }}` after its title."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

from cms.core.localization import active_language_code, alias_source_language
from cms.core.localization import localized as localized_instance

register = template.Library()


@register.filter
def localized(obj):
    """The snippet's translation in the language being viewed, or the snippet itself."""
    return localized_instance(obj)


def _other_language(obj):
    """The language code of `obj` when it differs from the language being viewed, else None."""
    locale = getattr(obj, "locale", None)
    if locale is None:
        return None
    # An alias made to hold a translated child shows its source's text.
    code = alias_source_language(obj) or locale.language_code
    return None if code == active_language_code() else code


@register.filter
def lang_attr(obj):
    """` lang="xx"` for an element showing `obj`, when its language is not the page's."""
    code = _other_language(obj)
    return format_html(' lang="{}"', code) if code else ""


@register.filter
def language_note(obj):
    """The note "(in English)" after an item in another language than the page's, or nothing."""
    code = _other_language(obj)
    if not code:
        return ""
    # The settings' names, translated as they read in running text ("engelska", "inglés").
    name = str(dict(settings.LANGUAGES).get(code, code))
    return format_html(
        ' <span class="language-note" data-language-note>{}</span>',
        translation.gettext("(in %(language)s)") % {"language": name},
    )
