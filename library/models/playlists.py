"""Playlist pages and their items: curated, ordered lists of episodes.

The work of listing a playlist's entries lives in `library.playlists` (not this module)."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.localization import base_page_translatable_fields, localize_all
from cms.core.models import BasePage

from .audio import format_duration
from .episodes import EpisodePage


class PlaylistPage(BasePage):
    """A curated, ordered list of episodes, with an editor's note for each."""

    pillar = models.ForeignKey(
        "core.Pillar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pillar"),
        help_text=_("The programme priority this playlist serves most, for the pillar's page."),
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        blank=True,
        verbose_name=_("topics"),
        help_text=_("What the playlist is about, for browsing and search."),
    )

    display_related = ("locale",)
    serve_related = ("pillar",)  # loaded with the page when served (cms.core.routing)

    content_panels = BasePage.content_panels + [
        FieldPanel("pillar"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("items", label=_("Episodes"), min_num=1, heading=_("Episodes, in order")),
    ]
    translatable_fields = [
        *base_page_translatable_fields(),
        SynchronizedField("pillar", overridable=False),
        SynchronizedField("topics", overridable=False),
        # The list (which episodes, in which order) is copied from the source; each item's note
        # is offered to translators (see PlaylistItem.translatable_fields).
        TranslatableField("items"),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("playlist")
        verbose_name_plural = _("playlists")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from cms.core.home import listing_page

        from ..playlists import entries_for, playable_rows

        rows = playable_rows(self, request.user, preview=getattr(request, "is_preview", False))
        # Long playlists come PLAYLIST_PAGE_SIZE entries at a time (the count and the total
        # cover them all); only the shown page's episodes are loaded as pages.
        entries = listing_page(rows, request, "page", per_page=settings.PLAYLIST_PAGE_SIZE)
        entries.object_list = entries_for(entries.object_list)
        context["entries"] = entries
        context["topics"] = localize_all(self.topics.all())
        context["total_duration"] = format_duration(sum(row.duration_seconds for row in rows))
        return context


class PlaylistItem(TranslatableMixin, Orderable):
    """One episode of a playlist. Translations share the source's items (same translation_key);
    only the note is translated."""

    playlist = ParentalKey(PlaylistPage, on_delete=models.CASCADE, related_name="items")
    episode = models.ForeignKey(
        EpisodePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("episode"),
        help_text=_("Choose an episode; its translation is used on translated playlists."),
    )
    note = models.TextField(
        blank=True,
        max_length=500,
        verbose_name=_("note"),
        help_text=_("Why this episode is here, or what to listen for (optional)."),
    )

    panels = [FieldPanel("episode"), FieldPanel("note")]

    translatable_fields = [
        TranslatableField("note"),
        # Stays the source's episode: visible_entries shows the reader's translation of it.
        SynchronizedField("episode", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("playlist item")
        verbose_name_plural = _("playlist items")
