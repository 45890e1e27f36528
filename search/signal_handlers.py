"""Keep the search index fresh when what an episode is found by changes outside the page, and
the cached crisis terms fresh when an editor changes one."""

from django.db.models.signals import post_delete, post_save
from wagtail.search import index


def reindex_episodes_of_transcript(sender, instance, **kwargs):
    """An episode is found by its transcript's words: a transcript (or a translation of it)
    edited after the episode was published must be searchable without a reindex."""
    from library.models import EpisodePage, Transcript

    transcripts = Transcript.objects.filter(translation_key=instance.translation_key)
    for episode in EpisodePage.objects.filter(transcript__in=transcripts):
        index.insert_or_update_object(episode)


def reindex_published_page(sender, instance, **kwargs):
    """Index a page again once publishing has finished: the save signal the index listens to
    comes before many-to-many fields (topics) are written, so they would be missed."""
    index.insert_or_update_object(instance.specific)


def crisis_terms_changed(sender, raw=False, **kwargs):
    """Crisis terms are kept with the page cache's frame (search.crisis.crisis_terms): a term
    added or removed counts from the next search."""
    from cms.core.page_cache import bump_frame_generation

    if not raw:
        bump_frame_generation()


def register_signal_handlers():
    from wagtail.signals import page_published

    from library.models import Transcript

    from .models import CrisisTerm

    page_published.connect(reindex_published_page, dispatch_uid="search_page_published")

    post_save.connect(
        reindex_episodes_of_transcript, sender=Transcript, dispatch_uid="search_transcript_saved"
    )
    post_save.connect(crisis_terms_changed, sender=CrisisTerm, dispatch_uid="search_crisis_saved")
    post_delete.connect(
        crisis_terms_changed, sender=CrisisTerm, dispatch_uid="search_crisis_deleted"
    )
