"""German speaks to the reader with one voice, the informal "du": in the interface catalogue and
in the German demo content. Formal address ("Sie", "Ihnen", "Ihr…" capitalised) must not come
back; lowercase "sie"/"ihr" ("they", "she", "her") is fine, and so is a capitalised "Sie"/"Ihr"
that merely starts a sentence, unless the English it translates speaks to the reader."""

import json
import re
from html import unescape

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin

# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = pytest.mark.demo

CATALOGUE = f"{settings.BASE_DIR}/locale/de/LC_MESSAGES/django.po"
FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b")
# Where a sentence (or a quoted phrase) starts: a capital there says nothing about register.
SENTENCE_START = re.compile(r"(^|[.!?:;„“\"(›»–]\s*)$")
NOT_PROSE = ("slug", "url_path", "draft_title", "path", "translation_key")
ADDRESSES_THE_READER = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def formal_address(german, english=""):
    """The formal words in `german`, with the reason each one counts."""
    found = []
    text = re.sub(r"<[^>]+>", " ", unescape(german))
    for match in FORMAL.finditer(text):
        word = match.group(1)
        at_sentence_start = SENTENCE_START.search(text[: match.start()])
        if word == "Ihnen" or not at_sentence_start:
            found.append(f"{word!r} in {text!r}")
        elif ADDRESSES_THE_READER.search(english):
            found.append(f"{word!r} starting a sentence that speaks to the reader: {text!r}")
    return found


@pytest.mark.parametrize(
    ("german", "english", "formal"),
    [
        ("Wählen Sie eine Datei.", "Choose a file.", True),
        ("Brauchen Sie Hilfe?", "Do you need help?", True),
        ("Sie müssen da nicht allein durch", "You don't have to go through this alone", True),
        ("Das gehört nur Ihnen.", "This is yours.", True),
        ("In Ihrer App hören", "Listen in your app", True),
        ("Wähle eine Datei.", "Choose a file.", False),
        (
            "Hinweise informieren. Sie sperren nie den Zugang.",
            "Notes inform. They never block.",
            False,
        ),
        ("Lesende sehen es in ihrer eigenen.", "Readers see it in theirs.", False),
        (
            "Reiche die Folge ein: Ihr Transkript kommt mit.",
            "Submit it: its transcript too.",
            False,
        ),
    ],
)
def test_the_check_tells_formal_from_informal(german, english, formal):
    assert bool(formal_address(german, english)) is formal


def test_the_german_catalogue_says_du():
    problems = []
    for entry in polib.pofile(CATALOGUE):
        english = f"{entry.msgid} {entry.msgid_plural}"
        for german in [entry.msgstr, *entry.msgstr_plural.values()]:
            problems += formal_address(german, english)
    assert problems == []


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


def text_fields(model):
    for field in model._meta.concrete_fields:
        kinds = models.CharField | models.TextField | RichTextField | StreamField
        if isinstance(field, kinds) and field.name not in NOT_PROSE:
            yield field


@pytest.mark.django_db
def test_the_german_demo_content_says_du(site_tree):
    problems = []
    checked = 0
    for model in apps.get_models():
        if not issubclass(model, TranslatableMixin) or model._meta.abstract:
            continue
        if issubclass(model, Page) and model is not Page:
            continue  # pages are read once, as their specific type, below
        objects = model.objects.filter(locale__language_code="de")
        if model is Page:
            objects = objects.specific()
        for obj in objects:
            for field in text_fields(type(obj)):
                value = field.value_from_object(obj)
                if isinstance(field, StreamField):
                    value = json.loads(json.dumps(list(value.raw_data), default=str))
                for text in strings_in(value):
                    checked += 1
                    problems += [f"{obj!r}.{field.name}: {p}" for p in formal_address(text)]
    assert checked > 100  # the German demo is there to be read
    assert problems == []
