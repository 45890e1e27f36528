"""wagtail-localize saves a translation "as a draft" by writing into its row. For a translation
that is already live, the project keeps the live row (what employees see) and stores the new
wording as a revision for review (see cms.core.reviewed.KeepLiveRowMixin; the snippet case is
in tests/library/test_transcripts.py)."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from campaigns.models import CampaignPage
from tests.translation_support import translated_listener_pages

pytestmark = pytest.mark.django_db


def test_a_draft_update_of_a_live_page_translation_leaves_it_live_and_unchanged(site_tree):
    english = translated_listener_pages(site_tree, ["sv"])["en"].campaign
    swedish_locale = Locale.objects.get(language_code="sv")
    swedish = english.get_translation(swedish_locale)
    assert swedish.live and not swedish.has_unpublished_changes
    live_intro, live_revision = swedish.introduction, swedish.live_revision_id

    english.introduction = "A completely new English introduction."
    english.save_revision().publish()
    source, _created = TranslationSource.update_or_create_from_instance(english)
    source.create_or_update_translation(swedish_locale, publish=False, fallback=True)

    swedish = CampaignPage.objects.get(pk=swedish.pk)
    assert (swedish.introduction, swedish.live_revision_id) == (live_intro, live_revision)
    assert swedish.live and swedish.has_unpublished_changes
    draft = swedish.get_latest_revision_as_object()
    assert draft.introduction == "A completely new English introduction."
