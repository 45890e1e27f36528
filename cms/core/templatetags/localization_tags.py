"""Template side of `cms.core.localization`: `{{ snippet|localized }}`."""

from django import template

from cms.core.localization import localized as localized_instance

register = template.Library()


@register.filter
def localized(obj):
    """The snippet's translation in the language being viewed, or the snippet itself."""
    return localized_instance(obj)
