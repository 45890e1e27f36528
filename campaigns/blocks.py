"""Blocks for campaign pages. Shared ones (heading, paragraph, figure, quote) come from core."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from cms.core.blocks import BaseStreamBlock
from library.blocks import FeaturedEpisodeBlock, FeaturedPlaylistBlock


def require_one_target(value, page_field, url_field, document_field=None):
    """Errors for a link that needs exactly one target (page, URL or document)."""
    targets = [name for name in (page_field, url_field, document_field) if name and value.get(name)]
    if len(targets) == 1:
        return None
    message = (
        _("Choose where the link goes: a page, a document or a web address.")
        if not targets
        else _("Choose only one target for the link.")
    )
    return StructBlockValidationError(
        block_errors={targets[-1] if targets else url_field: ErrorList([ValidationError(message)])}
    )


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=_("Button text"),
        max_length=80,
        help_text=_("What the button says, e.g. “Book a listening session”."),
    )
    page = blocks.PageChooserBlock(
        label=_("Page"),
        required=False,
        help_text=_("A page on this site. Or give a web address instead."),
    )
    url = blocks.URLBlock(
        required=False, label=_("Web address"), help_text=_("Only when the target is not a page.")
    )

    def clean(self, value):
        value = super().clean(value)
        error = require_one_target(value, "page", "url")
        if error:
            raise error
        return value

    class Meta:
        icon = "link-external"
        template = "campaigns/blocks/call_to_action_block.html"
        description = _("A prominent button that takes readers to a page or a web address.")
        preview_value = {"text": "Join a listening circle", "url": "https://example.com/"}


class TalkToSomeoneBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        default="Talk to someone",
        help_text=_("Keep it warm and simple, e.g. “Talk to someone”."),
    )
    text = blocks.TextBlock(
        label=_("Encouragement"),
        required=False,
        help_text=_("Optional: a sentence of encouragement before the helplines."),
    )

    class Meta:
        icon = "help"
        template = "campaigns/blocks/talk_to_someone_block.html"
        description = _(
            "The crisis helplines for this page's language and a link to the support page. "
            "The helplines are filled in automatically."
        )
        preview_value = {
            "heading": "Talk to someone",
            "text": "If this campaign brings up difficult feelings, you do not have to wait.",
        }


class ResourceLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120, help_text=_("The link's words."))
    document = DocumentChooserBlock(
        label=_("Document"),
        required=False,
        help_text=_("A document from the library (only employees can open it)."),
    )
    url = blocks.URLBlock(
        required=False, label=_("Web address"), help_text=_("Only when it is not a document.")
    )
    description = blocks.CharBlock(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional: what the reader will find."),
    )

    def clean(self, value):
        value = super().clean(value)
        error = require_one_target(value, None, "url", "document")
        if error:
            raise error
        return value

    class Meta:
        icon = "doc-full"
        label = _("Resource")


class ResourceLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=120,
        default="Further reading",
        help_text=_("A heading for the list."),
    )
    links = blocks.ListBlock(ResourceLinkBlock(), min_num=1, label=_("Links"))

    class Meta:
        icon = "list-ul"
        template = "campaigns/blocks/resource_links_block.html"
        description = _("A list of documents and web pages to read or download.")
        preview_value = {
            "heading": "Further reading",
            "links": [
                {
                    "title": "Spotting the early signs of burnout",
                    "url": "https://example.com/burnout",
                    "description": "A two-page guide for everyone.",
                }
            ],
        }


class ConversationStarterBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        label=_("Question"),
        max_length=200,
        help_text=_("An open question a team can discuss, e.g. “What helps you switch off?”"),
    )
    guidance = blocks.TextBlock(
        label=_("Guidance"),
        required=False,
        help_text=_("Optional: how to hold the conversation safely, e.g. “Nobody has to share.”"),
    )

    class Meta:
        icon = "comment"
        template = "campaigns/blocks/conversation_starter_block.html"
        description = _("A question prompt for teams to talk about together.")
        preview_value = {
            "question": "What is one small thing that helps you on a hard day?",
            "guidance": "Nobody has to share. Listening is taking part too.",
        }


class CampaignStreamBlock(BaseStreamBlock):
    """The campaign body: core blocks, campaign ones, and featured audio from the library
    (whose blocks load all their episodes and playlists in bulk)."""

    featured_episode = FeaturedEpisodeBlock(label=_("Featured episode"))
    featured_playlist = FeaturedPlaylistBlock(label=_("Featured playlist"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    talk_to_someone = TalkToSomeoneBlock(label=_("Talk to someone"))
    resource_links = ResourceLinksBlock(label=_("Resource links"))
    conversation_starter = ConversationStarterBlock(label=_("Conversation starter"))


class ToolkitDocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(
        label=_("Document"),
        help_text=_("Stored privately: only logged-in employees can download it."),
    )
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_("Optional: defaults to the document's title."),
    )
    description = blocks.CharBlock(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional: what it is and who it is for."),
    )

    class Meta:
        icon = "download"
        template = "campaigns/blocks/toolkit_document_block.html"
        description = _("A document for the campaign toolkit: slides, a poster, a guide.")
