"""One date format per language on the public site: every template prints dates with the
active language's DATE_FORMAT, so the same date reads the same on every page type."""

import re
from html import unescape

import pytest
from django.utils import formats, translation
from wagtail.models import Locale

from tests.translation_support import translated_listener_pages

pytestmark = pytest.mark.django_db

OTHER_FORMATS = ["j M Y", "j F Y", "N j, Y", "M j, Y", "j. F Y", "Y-m-d"]


def visible_text(html):
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    main = re.sub(r"<[^>]+>", " ", main)  # drop tags, and with them <time datetime="…">
    return re.sub(r"\s+", " ", unescape(main))


@pytest.mark.parametrize("language", ["en", "sv"])
def test_a_campaign_date_reads_the_same_on_the_campaign_and_on_the_index(
    client, employee, site_tree, language
):
    english = translated_listener_pages(site_tree, ["sv"])["en"].campaign
    campaign = english.get_translation(Locale.objects.get(language_code=language))
    index = campaign.get_parent()
    client.force_login(employee)

    with translation.override(language):
        expected = formats.date_format(campaign.starts_on, "DATE_FORMAT")
        others = {
            formats.date_format(campaign.starts_on, fmt)
            for fmt in OTHER_FORMATS
            if formats.date_format(campaign.starts_on, fmt) != expected
        }
    for url in (campaign.url, index.url):
        text = visible_text(client.get(url).content.decode())
        assert expected in text, url
        assert [other for other in others if other in text] == [], url
