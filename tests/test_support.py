"""Support: helplines per language, the support page, and the banner on every page."""

import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory
from campaigns.models import CampaignIndexPage, CampaignPage
from cms.core.factories import PillarFactory, StandardPageFactory
from cms.core.models import HomePage
from cms.settings.base import redis_cache_settings
from cms.support.factories import HelplineFactory, SupportPageFactory, SupportResourceFactory
from cms.support.helplines import crisis_support
from cms.support.models import DEFAULT_FALLBACK_URL, Helpline, SupportPage, SupportResource
from tests.conftest import free_port, s3_storages
from tests.crisis_support import TEST_CRISIS_LINES, build_crisis_lines
from tests.trees import published

# language -> (banner question, support page slug); each language's support page asks the
# banner's question in its own words.
SUPPORT_PAGES = {
    "en": ("Need to talk to someone now?", "support"),
    "sv": ("Behöver du prata med någon nu?", "stod"),
    "de": ("Brauchst du jetzt jemanden zum Reden?", "unterstuetzung"),
    "es": ("¿Necesitas hablar con alguien ahora?", "apoyo"),
    "fr": ("Besoin de parler à quelqu'un maintenant ?", "soutien"),
    "pt-br": ("Precisa conversar com alguém agora?", "apoio"),
}
# language -> (banner question as the HTML has it, crisis line name, support page URL)
EXPECTED_BANNERS = {
    code: (escape(question), TEST_CRISIS_LINES[code][0], f"/{code}/{slug}/")
    for code, (question, slug) in SUPPORT_PAGES.items()
}


@pytest.fixture
def support_tree(site_tree):
    """In every language: a live support page (the Swedish one with a contact), two crisis lines
    and a campaign index with a campaign; a Swedish resource and ordinary helpline."""
    for code, (question, slug) in SUPPORT_PAGES.items():
        home = site_tree[code]
        contacts = []
        if code == "sv":
            contacts = [
                ("contact", {"role": "first-aider", "name": "Sam Example", "location": "Malmö"})
            ]
        published(
            SupportPageFactory(
                parent=home,
                slug=slug,
                title=f"Support ({code})",
                banner_text=question,
                contacts=contacts,
            )
        )
        index = published(CampaignIndexPageFactory(parent=home, slug=f"campaigns-{code}"))
        published(
            CampaignPageFactory(
                parent=index, title=f"Campaign ({code})", pillar=PillarFactory(locale=home.locale)
            )
        )
    SupportResourceFactory(
        locale=site_tree["sv"].locale,
        title="Prata med en samtalsterapeut, när som helst",
        kind="counselling",
    )
    lines = build_crisis_lines(everyday=False)
    HelplineFactory(locale=site_tree["sv"].locale, name="Vårdguiden Kaj", is_crisis_line=False)
    return lines


def banner(html):
    found = re.search(r'<aside class="support-banner".*?</aside>', html, re.S)
    assert found, "no support banner on the page"
    return found.group(0)


# --- Page tree ------------------------------------------------------------------------------


class TestSupportTree(WagtailPageTestCase):
    def test_support_page_lives_under_home_pages_only_and_has_no_children(self):
        self.assertAllowedParentPageTypes(SupportPage, {HomePage})
        self.assertAllowedSubpageTypes(SupportPage, set())


@pytest.mark.django_db
def test_one_support_page_per_language(site_tree, support_tree):
    assert not SupportPage.can_create_at(site_tree["en"])
    duplicate = SupportPage(title="Help", slug="help", locale=site_tree["en"].locale)
    with pytest.raises(ValidationError, match="already has a support page"):
        duplicate.clean()
    SupportPage.objects.get(locale=site_tree["es"].locale).delete()
    assert SupportPage.can_create_at(site_tree["es"])


# --- The banner on every page ---------------------------------------------------------------


def every_page_type_url(language):
    """A URL of each kind of public page in `language`."""
    home = HomePage.objects.get(locale__language_code=language)
    standard = StandardPageFactory(parent=home, slug=f"about-{language}", title="About")
    standard.save_revision().publish()
    return {
        "home": home.url,
        "standard": standard.url,
        "campaign index": CampaignIndexPage.objects.get(locale=home.locale).url,
        "campaign": CampaignPage.objects.filter(locale=home.locale).first().url,
        "support": SupportPage.objects.get(locale=home.locale).url,
        "not found": f"/{language}/no-such-page/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(EXPECTED_BANNERS))
def test_banner_on_every_page_type_in_every_language(client, employee, support_tree, language):
    question, line, support_url = EXPECTED_BANNERS[language]
    client.force_login(employee)
    for kind, url in every_page_type_url(language).items():
        response = client.get(url)
        assert response.status_code == (404 if kind == "not found" else 200), (kind, url)
        shown = banner(response.content.decode())
        assert question in shown, (kind, url)
        assert line in shown, (kind, url)
        assert f'href="{support_url}"' in shown, (kind, url)


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(EXPECTED_BANNERS))
def test_banner_on_the_login_page_for_anonymous_visitors(client, support_tree, language):
    question, line, _support_url = EXPECTED_BANNERS[language]
    response = client.get(f"/{language}/login/")
    shown = banner(response.content.decode())
    assert question in shown
    assert line in shown
    assert 'href="tel:' in shown  # the number itself, usable without logging in


@pytest.mark.django_db
def test_banner_comes_after_the_skip_link(client):
    html = client.get("/en/login/").content.decode()
    assert html.index("Skip to main content") < html.index('class="support-banner"')


# --- Language selection and fallback --------------------------------------------------------


@pytest.mark.django_db
def test_the_first_crisis_line_of_the_language_is_the_banners(rf, site_tree, support_tree):
    french = site_tree["fr"].locale
    HelplineFactory(locale=french, name="Ligne de nuit", is_crisis_line=True, sort_order=9)
    HelplineFactory(locale=french, name="Conseils", is_crisis_line=False, sort_order=0)
    support = crisis_support(rf.get("/"), "fr")
    assert support.crisis_line.name == TEST_CRISIS_LINES["fr"][0]
    assert [line.name for line in support.helplines][-1] == "Conseils"  # crisis lines first


@pytest.mark.django_db
def test_a_language_without_helplines_gets_the_international_directory(
    client, employee, support_tree
):
    Helpline.objects.filter(locale__language_code="es").delete()
    shown = banner(client.get("/es/login/").content.decode())
    assert f'href="{DEFAULT_FALLBACK_URL}"' in shown
    client.force_login(employee)

    for url in ["/es/", "/es/apoyo/"]:
        shown = banner(client.get(url).content.decode())
        assert f'href="{DEFAULT_FALLBACK_URL}"' in shown, url
        assert TEST_CRISIS_LINES["es"][0] not in shown

    page = client.get("/es/apoyo/").content.decode()
    assert "Si tu país no aparece" in page  # "If your country is not listed"


@pytest.mark.django_db
def test_a_language_without_a_support_page_links_to_the_default_one(client, employee, support_tree):
    SupportPage.objects.get(locale__language_code="pt-br").delete()
    client.force_login(employee)
    shown = banner(client.get("/pt-br/").content.decode())
    assert TEST_CRISIS_LINES["pt-br"][0] in shown  # its own helpline still
    assert 'href="/en/support/"' in shown
    # The English page's question is not used: the interface's own, in Portuguese.
    assert "Need to talk to someone now?" not in shown
    assert "Precisa conversar com alguém agora?" in shown


@pytest.mark.django_db
def test_banner_with_no_support_content_at_all_still_offers_help(client, support_tree):
    Helpline.objects.all().delete()
    SupportPage.objects.all().delete()
    shown = banner(client.get("/de/login/").content.decode())
    assert "Brauchst du jetzt jemanden zum Reden?" in shown
    assert f'href="{DEFAULT_FALLBACK_URL}"' in shown


@pytest.mark.django_db
def test_an_unpublished_support_page_is_not_linked(client, employee, support_tree):
    SupportPage.objects.get(locale__language_code="fr").unpublish()
    client.force_login(employee)
    shown = banner(client.get("/fr/").content.decode())
    assert 'href="/fr/soutien/"' not in shown
    assert 'href="/en/support/"' in shown


# --- Robustness: no cache, no S3, constant queries ------------------------------------------


@pytest.mark.django_db
def test_banner_renders_with_redis_down(client, settings, support_tree):
    settings.CACHES = {"default": redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")}
    response = client.get("/sv/login/")
    assert response.status_code == 200
    assert TEST_CRISIS_LINES["sv"][0] in banner(response.content.decode())


@pytest.mark.django_db
def test_banner_renders_with_s3_unreachable(client, employee, settings, support_tree):
    settings.STORAGES = s3_storages(
        "unreachable-bucket",
        f"http://127.0.0.1:{free_port()}",
        connect_timeout=0.2,
        read_timeout=0.2,
        max_attempts=1,
    )
    assert TEST_CRISIS_LINES["de"][0] in banner(client.get("/de/login/").content.decode())
    client.force_login(employee)
    for url in ["/de/", "/de/unterstuetzung/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert TEST_CRISIS_LINES["de"][0] in banner(response.content.decode())


@pytest.mark.django_db
def test_banner_queries_do_not_grow_with_helplines(client, site_tree, support_tree):
    client.get("/en/login/")  # warm the site-root paths, as a running site has them

    with CaptureQueriesContext(connection) as few:
        client.get("/en/login/")
    for number in range(10):
        HelplineFactory(locale=site_tree["en"].locale, name=f"Line {number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/en/login/")

    assert len(many) == len(few)
    assert len(few) <= 3, [query["sql"] for query in few.captured_queries]


@pytest.mark.django_db
def test_crisis_support_is_memoised_per_request(
    rf, django_assert_num_queries, site_tree, support_tree
):
    request = rf.get("/")
    crisis_support(request, "sv")
    with django_assert_num_queries(0):
        crisis_support(request, "sv")


# --- Support page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_support_page_lists_the_languages_helplines_resources_and_contacts(
    client, employee, support_tree
):
    client.force_login(employee)
    html = client.get("/sv/stod/").content.decode()
    for name in TEST_CRISIS_LINES["sv"]:
        assert escape(name) in html
    assert "Vårdguiden Kaj" in html  # not a crisis line, listed too
    assert escape(TEST_CRISIS_LINES["en"][0]) not in html  # another language's line
    assert "Prata med en samtalsterapeut, när som helst" in html
    assert "Sam Example" in html
    assert "Första hjälpare inom psykisk hälsa" in html  # the contact's role, in Swedish
    assert f'href="{DEFAULT_FALLBACK_URL}"' in html
    headings = re.findall(r"<h([1-6])", html)
    assert headings[0] == "1"
    assert all(int(b) - int(a) <= 1 for a, b in itertools.pairwise(headings))


@pytest.mark.django_db
def test_demo_has_a_crisis_line_and_resources_in_every_language(site_tree):
    """The demo's support builder (cms/support/demo.py, as `load_demo` runs it), on the base."""
    from collections import Counter
    from types import SimpleNamespace

    from cms.support.demo import build_demo

    loader = SimpleNamespace(
        locales={code: home.locale for code, home in site_tree.items()},
        homes=site_tree,
        created=Counter(),
    )
    build_demo(loader)
    for locale in Locale.objects.all():
        assert Helpline.objects.filter(locale=locale, is_crisis_line=True).exists(), locale
        assert SupportResource.objects.filter(locale=locale).count() == 4, locale
        assert SupportPage.objects.live().filter(locale=locale).count() == 1, locale


# --- Validation -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone_number": "", "url": ""}, "Give a phone number, a website, or both"),
        ({"open_24_7": False, "hours": ""}, "Give the opening hours"),
    ],
)
def test_helpline_validation(site_tree, fields, message):
    helpline = Helpline(
        locale=site_tree["en"].locale,
        name="A line",
        countries="Exampleland",
        phone_number="123",
        open_24_7=True,
    )
    for name, value in fields.items():
        setattr(helpline, name, value)
    with pytest.raises(ValidationError, match=message):
        helpline.full_clean()


@pytest.mark.django_db
def test_resource_link_needs_words_and_an_address(site_tree):
    resource = SupportResource(
        locale=site_tree["en"].locale,
        title="Counselling",
        kind="counselling",
        description="Free.",
        link_url="https://example.com/",
    )
    with pytest.raises(ValidationError) as error:
        resource.full_clean()
    assert "link_text" in error.value.message_dict


# --- Admin: permissions and bad input -------------------------------------------------------

HELPLINE_FORM = {
    "name": "Night line",
    "phone_number": "",
    "url": "",
    "hours": "",
    "countries": "Exampleland",
    "description": "",
    "sort_order": "0",
    "verified_on": "",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "can_list", "can_add"),
    [
        ("Employees", False, False),
        ("Translators", True, False),  # may translate (change), not add
        ("Editors", True, True),
        ("Wellbeing reviewers", True, True),
        ("Administrators", True, True),
    ],
)
def test_helpline_admin_permissions(client, role_users, role, can_list, can_add):
    client.force_login(role_users[role])
    listing = client.get("/admin/snippets/support/helpline/")
    assert (listing.status_code == 200) is can_list, listing.status_code

    before = Helpline.objects.count()
    client.post(
        "/admin/snippets/support/helpline/add/?locale=en",
        HELPLINE_FORM | {"phone_number": "0800 000 000", "open_24_7": "on"},
    )
    assert (Helpline.objects.count() == before + 1) is can_add


@pytest.mark.django_db
def test_admin_shows_a_clear_message_for_a_helpline_without_number_or_hours(client, role_users):
    client.force_login(role_users["Editors"])
    before = Helpline.objects.count()

    response = client.post("/admin/snippets/support/helpline/add/?locale=en", HELPLINE_FORM)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a phone number, a website, or both" in html
    assert Helpline.objects.count() == before
