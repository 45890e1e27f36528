"""Keep the shared card cache (cards.py) in step with the page tree."""

from .cards import forget_cards


def forget_cards_on_change(**kwargs):
    forget_cards()


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(forget_cards_on_change, dispatch_uid=f"listening.cards.{id(signal)}")
    # Deleting a page deletes each specific row; Page itself is enough to hear about it.
    post_delete.connect(forget_cards_on_change, sender=Page, dispatch_uid="listening.cards.delete")
    for signal in (post_save, post_delete):
        signal.connect(
            forget_cards_on_change,
            sender=PageViewRestriction,
            dispatch_uid=f"listening.cards.restriction.{id(signal)}",
        )
