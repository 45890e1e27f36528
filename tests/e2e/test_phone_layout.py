"""Phone first (WCAG 1.4.10 reflow, 2.5.8 target size): every listener page fits 320 and 390 px
wide screens and a desktop without sideways scrolling, in English and Swedish; an episode's
player is on a phone's first screen; the header's "Menu" folds and unfolds (and everything
stays reachable without JavaScript); targets in the header, the crisis line and the player
are at least 24x24 px; "Log out" works with and without JavaScript."""

from pprint import pformat

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.accessibility import log_in_context
from tests.e2e.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("listener_site")]

VIEWPORTS = {
    "320": {"width": 320, "height": 640},
    "390": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 800},
}
PHONE = VIEWPORTS["390"]

# Elements wider than the viewport, for a readable failure message.
OVERFLOWING = """() => Array.from(document.querySelectorAll('body *'))
    .filter(el => { const box = el.getBoundingClientRect();
                    return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5); })
    .filter(el => !el.closest('.visually-hidden, .skip-link'))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
        ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')
        + ' right=' + Math.round(el.getBoundingClientRect().right))"""

# Parts of the player that stick out of its card (its padding included).
OUTSIDE_THE_PLAYER = """() => { const player = document.querySelector('[data-player]');
    const card = player.getBoundingClientRect();
    return Array.from(player.querySelectorAll('*'))
        .filter(el => { const box = el.getBoundingClientRect();
                        return box.width > 0 && (box.left < card.left - 0.5
                                                 || box.right > card.right + 0.5); })
        .map(el => el.tagName.toLowerCase() + ' ' + el.textContent.trim().slice(0, 30)); }"""

# Visible interactive elements of the header, the crisis line and the player, with their size.
TARGETS = """(selectors) => Array.from(document.querySelectorAll(selectors))
    .flatMap(region => Array.from(region.querySelectorAll(
        'a[href], button, input:not([type=hidden]), select, summary')))
    .filter(el => { const s = getComputedStyle(el); const box = el.getBoundingClientRect();
                    return box.width > 0 && box.height > 0 && s.visibility !== 'hidden'; })
    .map(el => { const box = el.getBoundingClientRect();
                 const name = el.getAttribute('aria-label') || el.textContent || el.tagName;
                 return {name: name.trim().replace(/\\s+/g, ' ').slice(0, 40),
                         width: box.width, height: box.height}; })"""


def first_live_url(model, language_code):
    page = model.objects.live().filter(locale__language_code=language_code).order_by("path").first()
    assert page is not None, f"no live {model.__name__} in {language_code} was built"
    return page.url


def listener_urls(language_code):
    """One page of each type a listener reads, in one language."""
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.models import HomePage
    from cms.support.models import SupportPage
    from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage

    models = (
        HomePage,
        LibraryIndexPage,
        PodcastShowPage,
        EpisodePage,
        PlaylistPage,
        CampaignIndexPage,
        CampaignPage,
        SupportPage,
    )
    urls = [first_live_url(model, language_code) for model in models]
    with translation.override(language_code):
        urls.append(reverse("search") + "?q=sleep")
        urls.append(reverse("my_listening"))
        urls.append(reverse("logout"))
    urls.append(f"/{language_code}/no-such-page/")  # the 404 page
    return urls


def logged_in_page(browser, live_server, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="en-GB", **options)
    log_in_context(context, live_server, get_user_model().objects.get(username="employee"))
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def sideways_scrolling(page):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] <= width[1]:
        return None
    return {"scrollWidth": width[0], "innerWidth": width[1], "wide": page.evaluate(OVERFLOWING)}


@pytest.mark.parametrize("language_code", ["en", "sv"])
def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(browser, live_server, language_code):
    with translation.override(language_code):
        login_url = reverse("login")
    problems = {}
    for name, viewport in VIEWPORTS.items():
        page = logged_in_page(browser, live_server, viewport)
        for url in listener_urls(language_code):
            response = page.goto(live_server.url + url)
            assert response.status == (404 if "no-such-page" in url else 200), url
            page.wait_for_load_state("load")
            if found := sideways_scrolling(page):
                problems[f"{name} {url}"] = found
            # The unfolded menu must fit too.
            menu = page.get_by_role("button", name=menu_label(language_code))
            if name != "desktop" and menu.count():
                menu.click()
                page.locator(".language-switcher__summary").click()
                if found := sideways_scrolling(page):
                    problems[f"{name} {url} (menu open)"] = found
        page.context.close()
        # The login page, before logging in.
        anonymous = browser.new_context(viewport=viewport, locale="en-GB")
        page = anonymous.new_page()
        page.goto(live_server.url + login_url)
        if found := sideways_scrolling(page):
            problems[f"{name} {login_url}"] = found
        anonymous.close()
    assert not problems, "\n" + pformat(problems, width=100)


def menu_label(language_code):
    return {"en": "Menu", "sv": "Meny"}[language_code]


@pytest.mark.parametrize("language_code", ["en", "sv"])
def test_an_episodes_player_is_on_the_first_screen_of_a_phone(browser, live_server, language_code):
    from library.models import EpisodePage

    episodes = EpisodePage.objects.live().filter(
        locale__language_code=language_code, audio__isnull=False
    )
    assert episodes.exists()
    page = logged_in_page(browser, live_server, PHONE)
    for episode in episodes:
        page.goto(live_server.url + episode.url)
        page.wait_for_load_state("load")
        controls = page.locator("[data-player] [data-controls]")
        expect(controls).to_be_visible()
        box = controls.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (episode.url, box)
        assert page.evaluate("window.scrollY") == 0
        assert not page.evaluate(OUTSIDE_THE_PLAYER), episode.url
    page.context.close()
    # The narrowest phone: nothing of the player sticks out of its card.
    page = logged_in_page(browser, live_server, VIEWPORTS["320"])
    for episode in episodes:
        page.goto(live_server.url + episode.url)
        page.wait_for_load_state("load")
        assert not page.evaluate(OUTSIDE_THE_PLAYER), episode.url
    page.context.close()


def test_the_menu_folds_on_a_phone_and_sits_inline_on_a_desktop(
    browser, live_server, listener_site
):
    page = logged_in_page(browser, live_server, PHONE)
    page.goto(live_server.url + "/en/")
    page.wait_for_load_state("load")
    menu = page.get_by_role("button", name="Menu")
    navigation = page.get_by_role("navigation", name="Main")
    search = page.locator("#site-search-q")
    log_out = page.get_by_role("link", name="Log out")

    # Folded: the brand, the crisis line and "Menu" only.
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_have_attribute("aria-controls", "site-menu")
    expect(navigation).to_be_hidden()
    expect(search).to_be_hidden()
    expect(log_out).to_be_hidden()
    header_bottom = page.locator(".site-header").bounding_box()
    assert header_bottom["y"] + header_bottom["height"] <= 120  # banner + header: one line each

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    expect(search).to_be_visible()
    expect(log_out).to_be_visible()
    expect(navigation.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")

    # The language menu: "Language: English", languages named in their own language.
    languages = page.get_by_role("navigation", name="Languages")
    summary = languages.locator("summary")
    expect(summary).to_have_text("Language: English")
    svenska = languages.get_by_role("link", name="svenska")
    expect(svenska).to_be_hidden()
    summary.click()
    expect(svenska).to_be_visible()
    expect(svenska).to_have_attribute("lang", "sv")
    expect(svenska).to_have_attribute("hreflang", "sv")
    page.keyboard.press("Escape")
    expect(svenska).to_be_hidden()

    # Escape folds the menu and returns focus to its button.
    search.focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(navigation).to_be_hidden()
    menu.click()
    menu.click()
    expect(navigation).to_be_hidden()

    # The crisis line: one line with the helpline, the rest behind "More help".
    banner = page.get_by_role("complementary", name="Need to talk to someone now?")
    helpline = listener_site["en"].helpline
    call = banner.get_by_role("link", name=f"{helpline.name}: {helpline.phone_number}")
    expect(call).to_be_visible()
    assert call.bounding_box()["height"] < 40
    support_link = banner.get_by_role("link", name="All ways to get support")
    expect(support_link).to_be_hidden()
    banner.get_by_text("More help").click()
    expect(support_link).to_be_visible()
    page.context.close()

    desktop = logged_in_page(browser, live_server, VIEWPORTS["desktop"])
    desktop.goto(live_server.url + "/en/")
    desktop.wait_for_load_state("load")
    expect(desktop.get_by_role("button", name="Menu")).to_be_hidden()
    expect(desktop.get_by_role("navigation", name="Main")).to_be_visible()
    expect(desktop.locator("#site-search-q")).to_be_visible()
    banner = desktop.get_by_role("complementary", name="Need to talk to someone now?")
    expect(banner.get_by_role("link", name="All ways to get support")).to_be_visible()
    expect(banner.get_by_text("More help")).to_be_hidden()
    desktop.context.close()


def test_without_javascript_the_menu_stays_unfolded_and_fits(browser, live_server):
    page = logged_in_page(browser, live_server, VIEWPORTS["320"], java_script_enabled=False)
    page.goto(live_server.url + "/en/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("#site-search-q")).to_be_visible()
    expect(page.get_by_role("link", name="Log out")).to_be_visible()
    assert sideways_scrolling(page) is None
    page.context.close()


def test_targets_are_at_least_24_by_24_pixels(browser, live_server):
    from library.models import EpisodePage, PlaylistPage

    urls = [
        "/en/",
        EpisodePage.objects.live().filter(locale__language_code="en").first().url,
        PlaylistPage.objects.live().filter(locale__language_code="en").first().url,
    ]
    regions = ".site-header, .support-banner, [data-player], .playlist__actions"
    too_small = {}
    for name in ("390", "desktop"):
        page = logged_in_page(browser, live_server, VIEWPORTS[name])
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            if name == "390":
                page.get_by_role("button", name="Menu").click()
                page.locator(".language-switcher__summary").click()
                page.locator(".support-banner__details summary").click()
            targets = page.evaluate(TARGETS, regions)
            assert len(targets) > 8, targets
            small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
            if small:
                too_small[f"{name} {url}"] = small
        page.context.close()
    assert not too_small, "\n" + pformat(too_small, width=100)


def test_log_out_with_javascript_posts_at_once(browser, live_server):
    page = logged_in_page(browser, live_server, VIEWPORTS["desktop"])
    page.goto(live_server.url + "/en/")
    # A page's header is the same for every listener: no name, no token.
    header = page.locator(".site-header").inner_html()
    assert "csrfmiddlewaretoken" not in header
    employee = get_user_model().objects.get(username="employee")
    for personal in filter(None, [employee.first_name, employee.last_name]):
        assert personal not in page.locator(".site-header").inner_text()

    # One click needs the csrftoken cookie, which the listener's state request sets after the
    # page has loaded (without it the link asks first, as without JavaScript): a quick click on
    # a loaded machine would otherwise race it.
    wait_until(page, "document.cookie.includes('csrftoken=')")
    page.get_by_role("link", name="Log out").click()
    page.wait_for_url("**/en/login/")
    page.goto(live_server.url + "/en/")
    page.wait_for_url("**/en/login/?next=/en/")
    page.context.close()


def test_log_out_without_javascript_asks_first(browser, live_server):
    page = logged_in_page(browser, live_server, VIEWPORTS["390"], java_script_enabled=False)
    page.goto(live_server.url + "/en/")
    page.get_by_role("link", name="Log out").click()
    page.wait_for_url("**/en/logout/")
    expect(page.get_by_role("heading", name="Log out of Heart & Soul?")).to_be_visible()
    page.get_by_role("link", name="Stay logged in and go to the home page").click()
    page.wait_for_url("**/en/")
    page.goto(live_server.url + "/en/logout/")
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    page.wait_for_url("**/en/login/")
    page.goto(live_server.url + "/en/")
    page.wait_for_url("**/en/login/?next=/en/")
    page.context.close()
