"""Helpers for the campaign tests: the index page's groups as titles, a toolkit document."""

import re

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection


def group_titles(html):
    """{group: [campaign titles]} from the index page's HTML."""
    groups = {}
    for key, section in re.findall(
        r'<section class="campaign-group[^"]*"[^>]*data-group="(\w+)">(.*?)</section>', html, re.S
    ):
        groups[key] = re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", section)
    return groups


def toolkit_document(title="Campaign slides"):
    Document = get_document_model()
    document = Document(title=title, collection=Collection.get_first_root_node())
    document.file.save("campaign-slides.txt", ContentFile(b"Slide 1: it is okay to ask"))
    document.save()
    return document
