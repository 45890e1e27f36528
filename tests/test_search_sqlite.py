"""On SQLite, search ranks in one pass (search/backends/sqlite.py): the same results, in the same
order, as modelsearch's own SQLite backend, for pages, snippets and autocomplete."""

import pytest
from django.db import connection
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from cms.core.taxonomy import Topic
from cms.support.models import SupportResource
from tests.search_support import make_page

pytestmark = pytest.mark.django_db

QUERIES = ["talk", "sleep", "burnout work", "grief", "samtal", "zebrafinch", "support"]


@pytest.fixture
def backends():
    if connection.vendor != "sqlite":
        pytest.skip("The one-pass ranking is the SQLite backend's.")
    # modelsearch's SQLite module can only be imported when its SQLite models exist.
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    from search.backends.sqlite import OnePassSQLiteSearchBackend

    ours = get_search_backend()
    assert type(ours) is OnePassSQLiteSearchBackend
    return ours, SQLiteSearchBackend({})


def pks(results):
    return [obj.pk for obj in results]


def test_the_same_pages_in_the_same_order(backends, site_tree):
    ours, original = backends
    for number in range(12):  # ties: identical text, told apart newest first
        make_page(site_tree["en"], f"Tie {number}", "Talk about support at work.")
    german = Locale.objects.get(language_code="de")
    pages = Page.objects.live().filter(depth__gt=1).exclude(locale_id=german.pk)
    for query in QUERIES:
        for operator in ("and", "or"):
            expected = original.search(query, pages, operator=operator)
            found = ours.search(query, pages, operator=operator)
            assert pks(found) == pks(expected), (query, operator)
            assert found.count() == expected.count()
            assert pks(found[2:5]) == pks(expected[2:5])


def test_the_same_snippets_and_suggestions(backends):
    ours, original = backends
    resources = SupportResource.objects.filter(live=True)
    for query in QUERIES:
        assert pks(ours.search(query, resources)) == pks(original.search(query, resources))
    topics = Topic.objects.all()
    for prefix in ("an", "sl", "bu", "g"):
        assert pks(ours.autocomplete(prefix, topics)) == pks(original.autocomplete(prefix, topics))


def test_scores_and_unranked_searches_still_work(backends):
    ours, _original = backends
    scored = ours.search("talk", Page.objects.all()).annotate_score("_score")
    assert all(page._score is not None for page in scored)
    unranked = ours.search("talk", Page.objects.order_by("title"), order_by_relevance=False)
    assert pks(unranked) == pks(sorted(unranked, key=lambda page: page.title))
