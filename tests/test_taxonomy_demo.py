"""The demo's taxonomy: its three pillars and its topics in every language."""

import pytest
from wagtail.models import Locale

from cms.core.demo import PILLARS, TOPICS
from cms.core.taxonomy import Pillar, Topic

# The demo's own content: runs with the demo loaded (`pytest -m demo`).
pytestmark = pytest.mark.demo


@pytest.mark.django_db
def test_demo_has_the_three_pillars_and_the_topics_in_every_language():
    slugs = {slug for slug, *_rest in PILLARS}
    for locale in Locale.objects.all():
        assert set(Pillar.objects.filter(locale=locale).values_list("slug", flat=True)) == slugs
        assert set(Topic.objects.filter(locale=locale).values_list("slug", flat=True)) == set(
            TOPICS
        )
    english = Pillar.objects.get(locale__language_code="en", slug="conversation")
    assert english.title == "Normalise the conversation to reduce stigma"
    swedish = english.get_translation(Locale.objects.get(language_code="sv"))
    assert swedish.title == "Normalisera samtalet för att minska stigma"
    assert (swedish.icon, swedish.colour, swedish.sort_order) == (
        english.icon,
        english.colour,
        english.sort_order,
    )
