"""Blocks that feature the library on other pages (campaigns): an episode or a playlist.

Editors choose an episode or playlist in any language; readers see its live translation in the
language they are reading, or the chosen one when it has none, and nothing at all when that page
is behind a view restriction the reader does not pass (cms.core.access). Everything a block shows
is loaded in a fixed number of queries for the whole page, however many blocks there are.
"""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.models import Page

from cms.core.access import visible_pages
from cms.core.localization import active_language_code, in_language


def with_parent_title(queryset):
    """Annotate `parent_title` (a show's title for an episode) in the same query: the parent
    is the page whose path is this one's minus its last step."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    parents = Page.objects.filter(path=parent_path).values("title")[:1]
    return queryset.annotate(parent_title=Subquery(parents))


def attach_display_versions(pages, model):
    """Set `page.display_version` on each chosen page: its live translation in the language
    being read, else the page itself if live, else None (the block then renders nothing).
    Pages are expected loaded `with_parent_title`."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return
    reading = active_language_code()
    # A page chosen in the language being read is its own display version (when live).
    elsewhere = {page.translation_key for page in pages if not in_language(page, reading)}
    translations = {}
    if elsewhere:
        translations = {
            translated.translation_key: translated
            for translated in with_parent_title(
                model.objects.filter(translation_key__in=elsewhere, locale__language_code=reading)
                .live()
                .select_related(*model.display_related)
            )
        }
    for page in pages:
        page.display_version = translations.get(page.translation_key) or (
            page if page.live else None
        )


class LibraryPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser that loads all its chosen pages, and their translations, in bulk."""

    def bulk_to_python(self, values):
        model = self.target_model
        ids = [value for value in values if value]
        pages = with_parent_title(model.objects.select_related(*model.display_related)).in_bulk(ids)
        attach_display_versions(pages.values(), model)
        return [pages.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


def shown_to_reader(chosen, parent_context):
    """What a featured block shows the reader whose request renders it: the chosen page's
    display version if they may see it, else the chosen page itself if live and theirs to see
    (the home page's featured playlists do the same), else None: the block renders nothing. No
    request, no reader: None. The restriction paths are asked once per request (none with the
    page cache on), whatever the number of blocks."""
    candidates = [getattr(chosen, "display_version", None)]
    if chosen is not None and chosen.live:
        candidates.append(chosen)
    candidates = [page for page in candidates if page is not None]
    user = getattr((parent_context or {}).get("request"), "user", None)
    if not candidates or user is None:
        return None
    visible = visible_pages(candidates, user)
    return visible[0] if visible else None


class FeaturedPageBlock(blocks.StructBlock):
    """A featured library page: the template gets `shown` (see `shown_to_reader`)."""

    page_field = None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["shown"] = shown_to_reader(value.get(self.page_field), parent_context)
        return context


class FeaturedEpisodeBlock(FeaturedPageBlock):
    page_field = "episode"
    episode = LibraryPageChooserBlock(
        label=_("Episode"),
        page_type="library.EpisodePage",
        help_text=_("Readers see the episode in their language when it has been translated."),
    )
    note = blocks.TextBlock(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Optional: why this episode, in a sentence."),
    )

    class Meta:
        icon = "media"
        template = "library/blocks/featured_episode_block.html"
        description = _("An episode with its player, so readers can listen without leaving.")


class FeaturedPlaylistBlock(FeaturedPageBlock):
    page_field = "playlist"
    playlist = LibraryPageChooserBlock(
        label=_("Playlist"),
        page_type="library.PlaylistPage",
        help_text=_("Readers see the playlist in their language when it has been translated."),
    )
    note = blocks.TextBlock(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Optional: who this playlist is for."),
    )

    class Meta:
        icon = "list-ol"
        template = "library/blocks/featured_playlist_block.html"
        description = _("A link to a curated playlist, with its introduction.")
