from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from cms.core.localization import active_language_code
from cms.core.page_cache import generation_cached
from cms.support.helplines import crisis_support as crisis_support_for

register = template.Library()


@register.simple_tag(takes_context=True)
def crisis_support(context, language_code=None):
    """`{% crisis_support as support %}`: helplines and support page for the language being
    viewed (or `language_code`). See `cms.support.helplines.CrisisSupport`."""
    return crisis_support_for(context.get("request"), language_code or None)


@register.simple_tag(takes_context=True)
def crisis_banner(context):
    """The crisis banner (support/includes/banner_body.html) for the language being viewed,
    rendered once per language and site and kept with the page cache's frame (any snippet
    published and the support page move it on), so a published helpline shows on the next
    request and a page miss pays no helpline queries.
    A banner built from the fallback (the database did not answer) is never kept."""
    request = context.get("request")
    language_code = active_language_code()

    def build():
        support = crisis_support_for(request, language_code)
        html = get_template("support/includes/banner_body.html").render({"support": support})
        return html, support.complete

    host = request.get_host() if request is not None else ""
    html, _complete = generation_cached(
        "crisis-banner", [language_code, host], build, keep=lambda value: value[1], frame=True
    )
    return mark_safe(html)  # noqa: S308  (our own template's output)
