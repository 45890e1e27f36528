"""Subscribing: the personal feed address on the show pages, and resetting it."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from library.models import PodcastFeedToken
from tests.library import feed_support
from tests.library.feed_support import feed_path, fetch, parse, token_for

pytestmark = pytest.mark.django_db
# The shared fixtures (tests/library/feed_support.py), found here by pytest.
anonymous, artwork, podcast = feed_support.anonymous, feed_support.artwork, feed_support.podcast


# --- Resetting the token ------------------------------------------------------------------


def test_reset_needs_a_post(client, employee):
    client.force_login(employee)
    assert client.get(reverse("library:reset_feed_token")).status_code == 405


def test_reset_needs_a_login(anonymous, employee):
    token = token_for(employee)
    response = anonymous.post(reverse("library:reset_feed_token"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert token_for(employee) == token


def test_reset_needs_the_csrf_token(employee):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(employee)
    token = token_for(employee)

    assert browser.post(reverse("library:reset_feed_token")).status_code == 403
    assert token_for(employee) == token


def test_reset_revokes_the_old_address_and_returns_to_the_show(client, podcast, employee):
    show = podcast["show"]
    old = token_for(employee)
    client.force_login(employee)

    response = client.post(reverse("library:reset_feed_token"), {"next": show.url}, follow=True)

    assert response.redirect_chain == [(show.url, 302)]
    html = response.content.decode()
    assert "The old one no longer works" in html
    [shown] = lxml_html.fromstring(html).xpath("//input[@data-copy-source]/@value")
    new = re.fullmatch(rf"http://testserver/feeds/([\w-]+)/shows/{show.pk}\.rss", shown).group(1)
    assert new != old
    assert old not in html
    # Shown once: the next visit offers a new address instead of showing this one again.
    assert new not in client.get(show.url).content.decode()
    assert fetch(Client(), show, old).status_code == 404
    assert fetch(Client(), show, new).status_code == 200


def test_reset_does_not_redirect_to_another_site(client, employee):
    client.force_login(employee)
    response = client.post(
        reverse("library:reset_feed_token"), {"next": "https://evil.example.com/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_reset_only_touches_the_users_own_token(client, employee, role_users):
    other = token_for(role_users["Editors"])
    client.force_login(employee)
    client.post(reverse("library:reset_feed_token"))
    assert token_for(role_users["Editors"]) == other


# --- Subscribing from the pages -----------------------------------------------------------


def feed_links(document):
    return document.xpath('//head/link[@rel="alternate"][@type="application/rss+xml"]')


def test_show_page_offers_the_personal_feed_url_with_a_copy_button(client, podcast, employee):
    show = podcast["show"]
    client.force_login(employee)

    # No address yet: a button makes one (stored hashed, so it is shown only then).
    first_visit = lxml_html.fromstring(client.get(show.url).content)
    assert not first_visit.xpath("//input[@data-copy-source]")
    [form] = first_visit.xpath('//form[contains(@action, "reset-token")]')
    response = client.post(form.get("action"), {"next": show.url}, follow=True)
    document = lxml_html.fromstring(response.content)

    [field] = document.xpath("//input[@data-copy-source]")
    assert field.get("readonly") is not None
    key = PodcastFeedToken.objects.get(user=employee).key_hash
    shown_key = urlsplit(field.get("value")).path.split("/")[2]
    assert PodcastFeedToken.hash_key(shown_key) == key
    assert field.get("value") == f"http://testserver{feed_path(show, shown_key)}"
    label = document.xpath(f'//label[@for="{field.get("id")}"]')
    assert label and label[0].text_content().strip()
    [button] = document.xpath("//button[@data-copy-button]")
    assert button.text_content().strip() == "Copy"
    summary = document.xpath("//section[contains(@class, 'subscribe')]//details/summary")
    assert summary[0].text_content().strip() == "How to subscribe"
    # The address shown is the one that works, in a client without a session.
    assert fetch(Client(), show, shown_key).status_code == 200


@pytest.mark.parametrize("which", ["show", "first"])
def test_show_and_episode_pages_link_to_the_feed(client, podcast, employee, which):
    client.force_login(employee)

    document = lxml_html.fromstring(client.get(podcast[which].url).content)

    [link] = feed_links(document)
    assert link.get("title") == "Calm Corner"
    assert urlsplit(link.get("href")).path == feed_path(podcast["show"])
    assert parse(client.get(link.get("href"))).findtext("channel/title") == "Calm Corner"
