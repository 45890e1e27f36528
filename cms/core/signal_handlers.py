from django.db import transaction
from wagtail.models import PageViewRestriction


def ensure_login_restriction(page):
    """Give `page` a "logged-in users only" restriction unless it already has one."""
    if not page.view_restrictions.filter(restriction_type=PageViewRestriction.LOGIN).exists():
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def restrict_new_home_page_to_employees(sender, instance, created, raw=False, **kwargs):
    """Every language's home page is for logged-in employees only, from the moment it exists.

    Deferred to commit, because copying a page (as translation does) copies its restrictions
    after saving it; by then the copy has one and we add nothing.
    """
    if created and not raw:
        transaction.on_commit(lambda: ensure_login_restriction(instance))
