"""StreamField blocks shared by every page type. Campaign-specific blocks live in `campaigns`."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# Rich text stays simple on purpose: headings come from HeadingBlock so the outline stays sane.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        help_text=_("Use section headings for main sections, sub-headings inside them."),
        # The choice's label ("Section heading") is not content: keep it out of search.
        search_index=False,
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading_block.html"
        description = _("A heading that structures the page for screen-reader users.")
        preview_value = {"text": "Why talking helps", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"),
        required=False,
        max_length=120,
        help_text=_("Who said it. Leave empty for an anonymous voice, and ask consent first."),
    )

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote_block.html"
        description = _("A voice from a colleague or an expert, with optional attribution.")
        preview_value = {
            "quote": "The first conversation was the hardest. It got easier after that.",
            "attribution": "A colleague in Stockholm",
        }


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        label=_("Image"), help_text=_("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "core/blocks/figure_block.html"
        description = _("An image with alternative text and an optional caption.")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="core/blocks/paragraph_block.html",
        description=_("Paragraphs of text with links and lists."),
        preview_value="<p>It's okay not to be okay. Reaching out is a sign of strength.</p>",
    )
    figure = FigureBlock(label=_("Figure"))
    quote = QuoteBlock(label=_("Quote"))
