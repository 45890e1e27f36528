"""Shared by the insights tests: yesterday's date, a translated campaign, no demo counts."""

import datetime

import pytest
from django.utils import timezone

from cms.insights import recording
from cms.insights.models import AnonymousCount, DaySalt, LocaleDay, PageDay, PendingEvent
from tests.translation_support import translated_listener_pages

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def campaign(site_tree):
    """A running English campaign with live Swedish and German translations, among the
    listener's pages (a show with an episode, a playlist, the support page), all translated
    through wagtail-localize (tests/translation_support.py)."""
    return translated_listener_pages(site_tree, ["sv", "de"])["en"].campaign


@pytest.fixture
def clean():
    """No demo counts: each test builds exactly the cells it reasons about."""
    for model in (PageDay, LocaleDay, AnonymousCount, PendingEvent, DaySalt):
        model.objects.all().delete()
    recording._salts.clear()
