"""Every link a listener can click answers: a crawl of the demo site as the demo employee.

Starts at each language's home page and follows every same-site link found in the pages'
`<a href>`s (pages with a query string, such as search filters, are checked but not crawled
further, so the crawl stays bounded). Audio, transcripts, documents and feeds are checked too.
Links to other sites (helplines' web pages) cannot be fetched here: they must at least be
absolute https addresses.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = pytest.mark.demo

# A path whose body we read for more links; everything else is only fetched.
CRAWLED_CONTENT_TYPES = ("text/html",)
MAX_PAGES = 1500


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def links_in(html):
    collector = LinkCollector()
    collector.feed(html)
    return collector.links


def demo_employee():
    return get_user_model().objects.get(username="employee")


def sections_every_language_must_link_to():
    from campaigns.models import CampaignIndexPage
    from cms.support.models import SupportPage
    from library.models import LibraryIndexPage

    pages = []
    for model in (LibraryIndexPage, CampaignIndexPage, SupportPage):
        found = list(model.objects.live().select_related("locale"))
        assert {page.locale.language_code for page in found} == {
            code for code, _name in settings.LANGUAGES
        }, f"not every language has a {model._meta.verbose_name}"
        pages.extend(found)
    return pages


def language_homes():
    return [f"/{code}/" for code, _name in settings.LANGUAGES]


@pytest.mark.django_db
def test_every_link_on_every_demo_page_answers(client):
    client.force_login(demo_employee())
    queue = list(language_homes())
    seen = set(queue)
    external = set()
    failures = []
    fetched = 0
    while queue:
        path = queue.pop(0)
        response = client.get(path, follow=True)
        fetched += 1
        assert fetched <= MAX_PAGES, "the crawl did not end: more pages than the demo has"
        if response.status_code != 200:
            failures.append((path, response.status_code, response.redirect_chain))
            continue
        content_type = response.get("Content-Type", "")
        # Query strings (filters, pages of results) are checked, not crawled: bounded.
        if not content_type.startswith(CRAWLED_CONTENT_TYPES) or urlsplit(path).query:
            continue
        final_path = response.redirect_chain[-1][0] if response.redirect_chain else path
        for href in links_in(response.content.decode()):
            target = urldefrag(urljoin("http://testserver" + final_path, href)).url
            parts = urlsplit(target)
            if parts.scheme in ("tel", "mailto", "sms"):
                continue
            if parts.netloc and parts.netloc != "testserver":
                external.add(target)
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(("/admin/", "/logout/")) or "/logout/" in local:
                continue  # staff screens, and logging out, are not the listener's reading
            if local not in seen:
                seen.add(local)
                queue.append(local)
    assert not failures, failures
    # In every language the crawl reached the library, the campaigns and the support page.
    for page in sections_every_language_must_link_to():
        assert page.url in seen, f"{page.locale.language_code}: nothing links to {page.url}"
    bad_external = sorted(url for url in external if urlsplit(url).scheme != "https")
    assert not bad_external, bad_external
