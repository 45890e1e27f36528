from django import template

from cms.safety.review_dates import notice_page_ids

register = template.Library()


@register.inclusion_tag("safety/review_notice.html")
def review_notice(page):
    """A quiet note on a live page whose review is long overdue (no query: cached ids)."""
    page_id = getattr(page, "pk", None)
    return {"show": bool(page_id) and page_id in notice_page_ids()}
