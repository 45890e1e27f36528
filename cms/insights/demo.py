"""A few months of plausible aggregate counts, so Insights has something to show on `make demo`.

Only the daily counts are made (as the rollup would have left them): no pending events, no
hashes. Numbers follow the size of each language's audience, campaigns rise within their dates,
and each episode's listeners thin out towards the end; the smaller languages' cells fall under
the threshold on many days, so suppression shows. Fixed seed; skipped when counts exist.
"""

import datetime
import random

from django.utils import timezone
from wagtail.models import Locale, Page

from cms.core.demo import read_demo_copy

from .models import AnonymousCount, PageDay
from .rollup import summarise_day

DAYS = 120
# Share of the company reading in each language (people a day on a busy page, roughly).
AUDIENCE = {"en": 40, "sv": 18, "de": 16, "es": 9, "fr": 6, "pt-br": 4}
# What people searched for, per language (demo_data/<language>.json): "search_terms", and
# "zero_result_terms" that found nothing.
COPY = read_demo_copy("cms.insights")
SEARCH_TERMS = {code: data["search_terms"] for code, data in COPY.items()}
ZERO_RESULT_TERMS = {
    code: data["zero_result_terms"] for code, data in COPY.items() if "zero_result_terms" in data
}


def build_demo(loader):
    if PageDay.objects.exists():
        return
    from campaigns.models import CampaignPage
    from cms.support.models import SupportPage
    from library.models import EpisodePage, PlaylistPage, PodcastShowPage

    rng = random.Random(17)  # noqa: S311 (demo numbers, not security)
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(DAYS, 0, -1)]
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    pages = Page.objects.live().filter(depth__gt=1).specific(defer=True)
    kinds = (CampaignPage, EpisodePage, PodcastShowPage, PlaylistPage, SupportPage)
    rows = []
    for page in pages:
        audience = AUDIENCE.get(locales.get(page.locale_id), 3)
        kind = next((model for model in kinds if isinstance(page, model)), None)
        # A page's popularity, fixed per page.
        appeal = rng.uniform(0.4, 1.4)
        for day in days:
            weekday = 0.35 if day.weekday() >= 5 else 1.0
            base = audience * appeal * weekday
            if kind is CampaignPage:
                running = page.starts_on <= day and (page.ends_on is None or day <= page.ends_on)
                base *= 1.8 if running else 0.15
            values = {"views": base * rng.uniform(0.6, 1.3)}
            if kind is EpisodePage:
                starts = base * rng.uniform(0.5, 1.0)
                values.update(
                    starts=starts,
                    reached_25=starts * rng.uniform(0.75, 0.9),
                    reached_50=starts * rng.uniform(0.55, 0.7),
                    reached_75=starts * rng.uniform(0.4, 0.55),
                    completions=starts * rng.uniform(0.3, 0.45),
                )
            elif kind is PodcastShowPage:
                values["feed_fetches"] = base * 0.5 * rng.uniform(0.7, 1.2)
            elif kind is PlaylistPage:
                values["playlist_plays"] = base * 0.6 * rng.uniform(0.5, 1.1)
            if kind in (CampaignPage, SupportPage):
                values["help_calls"] = base * 0.15 * rng.uniform(0, 2)
                values["help_counselling"] = base * 0.3 * rng.uniform(0.3, 1.5)
                values["help_resources"] = base * 0.4 * rng.uniform(0.3, 1.5)
            fields = {}
            for metric, people in values.items():
                people = int(people)
                if people:
                    fields[f"{metric}_people"] = people
                    fields[metric] = people + int(people * rng.uniform(0, 0.6))
            if fields:
                rows.append(PageDay(day=day, page_id=page.pk, locale_id=page.locale_id, **fields))
    PageDay.objects.bulk_create(rows, batch_size=2000)

    counts = []
    codes = {code: pk for pk, code in locales.items()}
    for day in days:
        weekday = 0.4 if day.weekday() >= 5 else 1.0
        for code, terms in SEARCH_TERMS.items():
            if code not in codes:
                continue
            for rank, term in enumerate(terms):
                count = int(AUDIENCE[code] * weekday * rng.uniform(0.2, 1.0) / (rank + 1) * 1.5)
                if count:
                    counts.append(
                        AnonymousCount(
                            day=day, kind="search", locale_id=codes[code], term=term, count=count
                        )
                    )
            for term in ZERO_RESULT_TERMS.get(code, []):
                count = int(AUDIENCE[code] * weekday * rng.uniform(0.1, 0.5))
                if count:
                    counts.append(
                        AnonymousCount(
                            day=day,
                            kind="search",
                            locale_id=codes[code],
                            term=term,
                            count=count,
                            zero_results=count,
                        )
                    )
            crisis = int(rng.uniform(0, 0.3) * AUDIENCE[code])
            if crisis:
                counts.append(
                    AnonymousCount(
                        day=day, kind="crisis_panel", locale_id=codes[code], count=crisis
                    )
                )
    AnonymousCount.objects.bulk_create(counts, batch_size=2000)
    for day in days:
        summarise_day(day)
    loader.created["insights daily rows"] += len(rows) + len(counts)
