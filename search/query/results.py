"""One page of results: the hits loaded in a fixed number of queries, then shown with title,
link, language, excerpt and transcript moment."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page

from cms.core.localization import cached_locale
from cms.support.models import Helpline, SupportResource
from library.models import EpisodePage

from .highlighting import TranscriptHit, excerpt, marked_terms, page_text, transcript_hit
from .matching import SupportKey
from .visibility import SUPPORT_MODELS

PAGE_SIZE = 10


@dataclass
class Result:
    """One hit: a page, or a helpline or support resource (`item`)."""

    title: str
    url: str
    locale: Locale
    type_label: str
    page: Page | None = None
    item: Helpline | SupportResource | None = None
    snippet: str = ""
    transcript: TranscriptHit | None = None
    other_language: bool = False

    @property
    def kind(self):
        if self.page is not None:
            return "page"
        return "helpline" if isinstance(self.item, Helpline) else "resource"


def load_hits(keys, loaded=None, types=None):
    """{key: object} for a page of result keys: specific pages and support items. Items in
    `loaded` ({key: object}, e.g. the support items the search returned) are not loaded again;
    `types` ({page id: content type id}, as `page_facts` gives) spares asking for the types."""
    loaded = loaded or {}
    page_ids = [key for key in keys if not isinstance(key, SupportKey)]
    pages = specific_pages(page_ids, types)
    for page in pages:
        page.locale = cached_locale(page.locale_id)
    EpisodePage.prefetch_display_transcripts(pages)
    found = {page.pk: page for page in pages}
    for model, _fallback in SUPPORT_MODELS:
        wanted = [
            key.pk
            for key in keys
            if isinstance(key, SupportKey) and key.model is model and key not in loaded
        ]
        if wanted:
            for item in model.objects.filter(pk__in=wanted).select_related("locale"):
                found[SupportKey(model, item.pk)] = item
    found.update({key: item for key, item in loaded.items() if key in keys})
    return found


def specific_pages(page_ids, types=None):
    """The pages of `page_ids` as their own types, in one query whatever the mix of types:
    each type's table joined to the page row (`select_related` of the inheritance links),
    where `.specific()` would ask for the types and then query once per type. `types`
    ({page id: content type id}, as `page_facts` gives) says which tables to join; without
    it, `.specific()`. Episodes come with the transcript their result's transcript line reads.
    """
    if not page_ids:
        return []
    if types is None or any(page_id not in types for page_id in page_ids):
        return list(Page.objects.filter(pk__in=page_ids).specific())
    models = {
        page_id: ContentType.objects.get_for_id(types[page_id]).model_class() or Page
        for page_id in page_ids
    }
    links = {model: inheritance_path(model) for model in set(models.values())}
    related = [path for path in links.values() if path]
    related += [f"{links[model]}__transcript" for model in links if issubclass(model, EpisodePage)]
    pages = Page.objects.filter(pk__in=page_ids).select_related(*related)
    return [own_type(page, links[models[page.pk]]) for page in pages]


def inheritance_path(model):
    """The `select_related` path from Page down to `model`'s row ("" for Page itself)."""
    names = []
    while model is not Page and issubclass(model, Page):
        parent, link = next(
            (parent, link) for parent, link in model._meta.parents.items() if link is not None
        )
        names.append(link.related_query_name())
        model = parent
    return "__".join(reversed(names))


def own_type(page, path):
    """The object of the page's own type joined along `path`; the page itself when its row of
    that type is missing (as `.specific()` falls back)."""
    specific = page
    for name in path.split("__") if path else []:
        specific = getattr(specific, name, None)
        if specific is None:
            return page
    return specific


def support_item_url(item, support_pages, request):
    """The item's entry on the support page of its language (the first one found)."""
    from cms.support.helplines import support_page_for

    code = item.locale.language_code
    if code not in support_pages:
        page = support_page_for(code, request)
        support_pages[code] = page.get_url(request) if page is not None else ""
    anchor = "helpline" if isinstance(item, Helpline) else "resource"
    base = support_pages[code]
    return f"{base}#{anchor}-{item.pk}" if base else ""


def support_text(item):
    if isinstance(item, Helpline):
        return " · ".join(part for part in (item.description, item.countries) if part)
    return item.description


def build_results(hits, terms, locale, request=None):
    """Results in the order of `hits` (pages and support items)."""
    terms = marked_terms(terms)
    results = []
    support_pages = {}
    for hit in hits:
        if isinstance(hit, Page):
            result = Result(
                title=hit.title,
                url=hit.get_url(request),
                locale=hit.locale,
                type_label=str(hit._meta.verbose_name).capitalize(),
                page=hit,
                other_language=hit.locale_id != locale.pk,
            )
            if isinstance(hit, EpisodePage):
                result.transcript = transcript_hit(hit, terms)
            text = page_text(hit)
        else:
            result = Result(
                title=str(hit),
                url=support_item_url(hit, support_pages, request),
                locale=hit.locale,
                type_label=str(hit._meta.verbose_name).capitalize(),
                item=hit,
                other_language=hit.locale_id != locale.pk,
            )
            text = support_text(hit)
        if text:
            result.snippet = excerpt(text, terms)
        results.append(result)
    return results
