"""Support: helplines per language, the support page, and the banner on every page."""

import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from campaigns.models import CampaignIndexPage, CampaignPage
from cms.core.factories import StandardPageFactory
from cms.core.models import HomePage
from cms.settings.base import redis_cache_settings
from cms.support.factories import HelplineFactory
from cms.support.helplines import crisis_support
from cms.support.models import DEFAULT_FALLBACK_URL, Helpline, SupportPage, SupportResource
from tests.conftest import free_port, s3_storages

# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = pytest.mark.demo

# language -> (banner question, crisis line name, support page URL)
EXPECTED_BANNERS = {
    "en": ("Need to talk to someone now?", "Samaritans", "/en/support/"),
    "sv": ("Behöver du prata med någon nu?", "Självmordslinjen (Mind)", "/sv/stod/"),
    "de": ("Brauchst du jetzt jemanden zum Reden?", "TelefonSeelsorge", "/de/unterstuetzung/"),
    "es": ("¿Necesitas hablar con alguien ahora?", "Línea 024", "/es/apoyo/"),
    "fr": ("Besoin de parler à quelqu&#x27;un maintenant ?", "3114", "/fr/soutien/"),
    "pt-br": ("Precisa conversar com alguém agora?", "CVV", "/pt-br/apoio/"),
}


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
def test_one_support_page_per_language(site_tree):
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
def test_banner_on_every_page_type_in_every_language(client, employee, language):
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
def test_banner_on_the_login_page_for_anonymous_visitors(client, language):
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
def test_the_first_crisis_line_of_the_language_is_the_banners(rf, site_tree):
    french = site_tree["fr"].locale
    HelplineFactory(locale=french, name="Ligne de nuit", is_crisis_line=True, sort_order=9)
    HelplineFactory(locale=french, name="Conseils", is_crisis_line=False, sort_order=0)
    support = crisis_support(rf.get("/"), "fr")
    assert support.crisis_line.name.startswith("3114")
    assert [line.name for line in support.helplines][-1] == "Conseils"  # crisis lines first


@pytest.mark.django_db
def test_a_language_without_helplines_gets_the_international_directory(client, employee):
    Helpline.objects.filter(locale__language_code="es").delete()
    shown = banner(client.get("/es/login/").content.decode())
    assert f'href="{DEFAULT_FALLBACK_URL}"' in shown
    client.force_login(employee)

    for url in ["/es/", "/es/apoyo/"]:
        shown = banner(client.get(url).content.decode())
        assert f'href="{DEFAULT_FALLBACK_URL}"' in shown, url
        assert "Línea 024" not in shown

    page = client.get("/es/apoyo/").content.decode()
    assert "Si tu país no aparece" in page  # "If your country is not listed"


@pytest.mark.django_db
def test_a_language_without_a_support_page_links_to_the_default_one(client, employee):
    SupportPage.objects.get(locale__language_code="pt-br").delete()
    client.force_login(employee)
    shown = banner(client.get("/pt-br/").content.decode())
    assert "CVV" in shown  # its own helpline still
    assert 'href="/en/support/"' in shown
    # The English page's question is not used: the interface's own, in Portuguese.
    assert "Need to talk to someone now?" not in shown
    assert "Precisa conversar com alguém agora?" in shown


@pytest.mark.django_db
def test_banner_with_no_support_content_at_all_still_offers_help(client):
    Helpline.objects.all().delete()
    SupportPage.objects.all().delete()
    shown = banner(client.get("/de/login/").content.decode())
    assert "Brauchst du jetzt jemanden zum Reden?" in shown
    assert f'href="{DEFAULT_FALLBACK_URL}"' in shown


@pytest.mark.django_db
def test_an_unpublished_support_page_is_not_linked(client, employee):
    SupportPage.objects.get(locale__language_code="fr").unpublish()
    client.force_login(employee)
    shown = banner(client.get("/fr/").content.decode())
    assert 'href="/fr/soutien/"' not in shown
    assert 'href="/en/support/"' in shown


# --- Robustness: no cache, no S3, constant queries ------------------------------------------


@pytest.mark.django_db
def test_banner_renders_with_redis_down(client, settings):
    settings.CACHES = {"default": redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")}
    response = client.get("/sv/login/")
    assert response.status_code == 200
    assert "Självmordslinjen" in banner(response.content.decode())


@pytest.mark.django_db
def test_banner_renders_with_s3_unreachable(client, employee, settings):
    settings.STORAGES = s3_storages(
        "unreachable-bucket",
        f"http://127.0.0.1:{free_port()}",
        connect_timeout=0.2,
        read_timeout=0.2,
        max_attempts=1,
    )
    assert "TelefonSeelsorge" in banner(client.get("/de/login/").content.decode())
    client.force_login(employee)
    for url in ["/de/", "/de/unterstuetzung/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "TelefonSeelsorge" in banner(response.content.decode())


@pytest.mark.django_db
def test_banner_queries_do_not_grow_with_helplines(client, site_tree):
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
def test_crisis_support_is_memoised_per_request(rf, django_assert_num_queries, site_tree):
    request = rf.get("/")
    crisis_support(request, "sv")
    with django_assert_num_queries(0):
        crisis_support(request, "sv")


# --- Support page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_support_page_lists_the_languages_helplines_resources_and_contacts(client, employee):
    client.force_login(employee)
    html = client.get("/sv/stod/").content.decode()
    assert "Självmordslinjen (Mind)" in html
    assert "1177 Vårdguiden" in html
    assert "Samaritans" not in html  # another language's line
    assert "Prata med en samtalsterapeut, när som helst" in html
    assert "Sam Example" in html
    assert "Första hjälpare inom psykisk hälsa" in html  # the contact's role, in Swedish
    assert f'href="{DEFAULT_FALLBACK_URL}"' in html
    headings = re.findall(r"<h([1-6])", html)
    assert headings[0] == "1"
    assert all(int(b) - int(a) <= 1 for a, b in itertools.pairwise(headings))


@pytest.mark.django_db
def test_demo_has_a_crisis_line_and_resources_in_every_language():
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
