"""Shared by the insights tests: yesterday's date, a demo campaign, no demo counts."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import CampaignPage
from cms.insights import recording
from cms.insights.models import AnonymousCount, DaySalt, LocaleDay, PageDay, PendingEvent

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def campaign(site_tree):
    return CampaignPage.objects.get(locale__language_code="en", slug="lets-talk-about-burnout")


@pytest.fixture
def clean():
    """No demo counts: each test builds exactly the cells it reasons about."""
    for model in (PageDay, LocaleDay, AnonymousCount, PendingEvent, DaySalt):
        model.objects.all().delete()
    recording._salts.clear()
