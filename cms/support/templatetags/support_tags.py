from django import template

from cms.support.helplines import crisis_support as crisis_support_for

register = template.Library()


@register.simple_tag(takes_context=True)
def crisis_support(context, language_code=None):
    """`{% crisis_support as support %}`: helplines and support page for the language being
    viewed (or `language_code`). See `cms.support.helplines.CrisisSupport`."""
    return crisis_support_for(context.get("request"), language_code or None)
