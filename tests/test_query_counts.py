"""Query budgets: a page's query count must not grow with what it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.core.factories import StandardPageFactory

# The home page is the programme's front door (issue #11): running campaign, pillars, new
# episodes, featured playlists and help links cost about a dozen queries of their own, flat in
# what they list (tests/test_home.py).
HOME_PAGE_QUERY_BUDGET = 26


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_menu_pages(home, count, start=0):
    for number in range(start, start + count):
        page = StandardPageFactory(
            parent=home, title=f"Section {number}", slug=f"section-{number}", show_in_menus=True
        )
        page.save_revision().publish()


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_the_navigation(client, site_tree, employee):
    client.force_login(employee)
    home = site_tree["en"]
    add_menu_pages(home, 2)
    client.get(home.url)  # warm the site-root cache, as a running site has it

    with_two = queries_for(client, home.url)
    add_menu_pages(home, 8, start=2)
    with_ten = queries_for(client, home.url)

    assert with_ten == with_two
    assert with_two <= HOME_PAGE_QUERY_BUDGET
