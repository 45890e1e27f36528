from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def localized_page(context, page):
    """`{% localized_page value.page as target %}`: the page in the language being viewed.

    Uses the `localized_pages` the campaign page prepared (one query for all its links), and
    falls back to `page.localized` elsewhere (block previews, other page types).
    """
    if not getattr(page, "pk", None):  # no page chosen (or a raw preview value)
        return None
    prepared = context.get("localized_pages") or {}
    return prepared.get(page.pk) or page.localized
