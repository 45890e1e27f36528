"""Every StreamField block and child block of the project's page types and snippets has a
translated label: it reads differently in Swedish than in English. Guards against a new block
whose label Wagtail derives from its name ("speaker", "link url") and so stays in English in
every language. The StreamFields' own labels are their verbose names (test_admin_labels)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField

from tests.test_admin_labels import PAGE_MODELS, SNIPPET_MODELS

# Block paths whose labels are the same in both languages on purpose. Proper names only.
SAME_IN_SWEDISH = set()

# Generic containers are walked into; other blocks Wagtail defines (ImageBlock: image, alt
# text, decorative) bring their own child labels, translated by Wagtail's catalogues or not,
# and that is not ours to test. Their label where we use them is ours, and is checked.
CONTAINERS = (blocks.StreamBlock, blocks.StructBlock, blocks.ListBlock)


def is_wagtails_own(block):
    return type(block).__module__.startswith("wagtail.") and type(block) not in CONTAINERS


def child_blocks(block):
    """(name, child) for the blocks a StreamBlock, StructBlock or ListBlock contains."""
    if is_wagtails_own(block):
        return []
    if isinstance(block, blocks.ListBlock):
        return [("item", block.child_block)]
    if isinstance(block, (blocks.StreamBlock, blocks.StructBlock)):
        return list(block.child_blocks.items())
    return []


def walk(block, path):
    """(path, block) for every block below `block`, depth first."""
    for name, child in child_blocks(block):
        child_path = f"{path}.{name}"
        yield child_path, child
        yield from walk(child, child_path)


def stream_blocks(models):
    """(path, block) for every block in the StreamFields of `models`."""
    for model in models:
        for field in model._meta.get_fields():
            if isinstance(field, StreamField) and field.model is model:
                yield from walk(field.stream_block, f"{model._meta.label}.{field.name}")


def labels(found, language):
    with translation.override(language):
        return {path: str(block.label) for path, block in found}


def untranslated(found):
    english, swedish = labels(found, "en"), labels(found, "sv")
    return sorted(
        f"{path}: {english[path]!r}"
        for path in english
        if english[path] == swedish[path] and path not in SAME_IN_SWEDISH
    )


PAGE_BLOCKS = list(stream_blocks(PAGE_MODELS))
SNIPPET_BLOCKS = list(stream_blocks(SNIPPET_MODELS))


def test_every_streamfield_block_is_found():
    english = labels(PAGE_BLOCKS + SNIPPET_BLOCKS, "en")
    swedish = labels(PAGE_BLOCKS + SNIPPET_BLOCKS, "sv")
    expected = {
        "core.HomePage.body.figure.image": ("Image", "Bild"),
        "core.StandardPage.body.heading.level": ("Level", "Nivå"),
        "campaigns.CampaignPage.body.resource_links.links": ("Links", "Länkar"),
        "campaigns.CampaignPage.body.resource_links.links.item.title": ("Title", "Titel"),
        "campaigns.CampaignPage.body.featured_episode.note": ("Note", "Anteckning"),
        "campaigns.CampaignPage.toolkit.document.description": ("Description", "Beskrivning"),
        "library.EpisodePage.chapters.chapter.start": ("Start", "Början"),
        "library.Transcript.cues.cue": ("Cue", "Textruta"),
        "library.Transcript.cues.cue.speaker": ("Speaker", "Talare"),
        "support.SupportPage.contacts.contact.phone_number": ("Phone number", "Telefonnummer"),
    }
    assert {path: (english[path], swedish[path]) for path in expected} == expected
    # Wagtail's own ImageBlock is not walked into.
    assert not [path for path in english if path.startswith("core.HomePage.body.figure.image.")]


def test_page_block_labels_are_translated():
    assert PAGE_BLOCKS
    assert untranslated(PAGE_BLOCKS) == []


def test_snippet_block_labels_are_translated():
    assert SNIPPET_BLOCKS
    assert untranslated(SNIPPET_BLOCKS) == []


def test_a_label_derived_from_a_block_name_is_reported():
    class ContactBlock(blocks.StructBlock):
        phone_number = blocks.CharBlock()
        hours = blocks.CharBlock(label=_("opening hours"))

    stream = blocks.StreamBlock(
        [("contact", ContactBlock(label=_("Contact"))), ("links", blocks.ListBlock(ContactBlock()))]
    )
    found = list(walk(stream, "Test.body"))

    assert labels(found, "sv")["Test.body.contact.hours"] == "öppettider"
    # A list item without a label of its own (no `label=`, no Meta.label) has an empty one.
    assert untranslated(found) == [
        "Test.body.contact.phone_number: 'Phone number'",
        "Test.body.links.item.phone_number: 'Phone number'",
        "Test.body.links.item: ''",
        "Test.body.links: 'Links'",
    ]


@pytest.mark.parametrize(
    "block", [blocks.StreamBlock([]), blocks.CharBlock()], ids=["stream", "char"]
)
def test_blocks_without_children_end_the_walk(block):
    assert list(walk(block, "Test.body")) == []
