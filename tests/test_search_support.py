"""Helplines and the programme's support resources are found by search, in the visitor's
language, before pages, and link to their entry on the support page."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from cms.core.factories import TopicFactory
from cms.support.factories import HelplineFactory, SupportPageFactory, SupportResourceFactory
from cms.support.models import Helpline
from tests.search_support import make_episode, make_show, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def support_page(site_tree):
    """The English support page (/en/support/), which search results link into."""
    return publish(SupportPageFactory(parent=site_tree["en"], slug="support"))


def search(client, q, language="en", **params):
    with translation.override(language):
        url = reverse("search")
    return client.get(url, {"q": q, **params})


def suggest(client, q, language="en"):
    with translation.override(language):
        url = reverse("search_autocomplete")
    return client.get(url, {"q": q})


def results(response):
    return [(result.kind, result.title) for result in response.context["results"]]


def test_a_helpline_is_found_by_its_description_and_offers_its_number(employee_client):
    line = HelplineFactory(
        name="Quokka Line",
        phone_number="0800 123 456",
        description="Support after a bereavement, for anyone grieving.",
        is_crisis_line=False,
    )
    response = search(employee_client, "bereavement")
    assert ("helpline", "Quokka Line") in results(response)
    html = response.content.decode()
    assert 'href="tel:0800123456"' in html
    assert f'href="/en/support/#helpline-{line.pk}"' in html
    # The entry it links to exists on the support page.
    support = employee_client.get("/en/support/")
    assert f'id="helpline-{line.pk}"' in support.content.decode()


def test_support_comes_before_pages_and_counts_as_a_type(employee_client, site_tree):
    make_episode(make_show(site_tree), "Wombat evenings", "Talking about wombat worries.")
    resource = SupportResourceFactory(
        title="Wombat counselling",
        description="Talk to a counsellor about wombat worries, any time.",
        link_url="https://example.com/book",
        link_text="Book a call",
    )
    response = search(employee_client, "wombat worries")
    assert results(response) == [
        ("resource", "Wombat counselling"),
        ("page", "Wombat evenings"),
    ]
    html = response.content.decode()
    assert f'href="/en/support/#resource-{resource.pk}"' in html
    assert '<a href="https://example.com/book">Book a call</a>' in html
    types = {value.value: value.count for value in response.context["facets"].content_type}
    assert types == {"support.supportresource": 1, "library.episodepage": 1}

    only_support = search(employee_client, "wombat worries", type="support.supportresource")
    assert results(only_support) == [("resource", "Wombat counselling")]


def test_a_topic_filter_leaves_out_support_items(employee_client, site_tree):
    TopicFactory(name="Sleep", slug="sleep")
    SupportResourceFactory(title="Otter support", description="Otter talks.")
    assert results(search(employee_client, "otter")) == [("resource", "Otter support")]
    assert results(search(employee_client, "otter", topic="sleep")) == []


def test_helplines_are_only_found_in_their_own_language(employee_client):
    swedish = Locale.objects.get(language_code="sv")
    HelplineFactory(name="Pangolin Linjen", locale=swedish, countries="Sverige")
    HelplineFactory(name="Pangolin Line", countries="UK")
    assert results(search(employee_client, "pangolin", "sv")) == [("helpline", "Pangolin Linjen")]
    assert results(search(employee_client, "pangolin", "en")) == [("helpline", "Pangolin Line")]
    # A language with no line of its own does not get another country's numbers.
    assert results(search(employee_client, "pangolin", "de")) == []


def test_an_untranslated_resource_is_shown_in_english_and_marked(employee_client):
    resource = SupportResourceFactory(title="Narwhal peer group", description="Narwhal chats.")
    response = search(employee_client, "narwhal", "es")
    [result] = response.context["results"]
    assert (result.title, result.other_language) == ("Narwhal peer group", True)
    assert 'lang="en"' in response.content.decode()

    # Once translated, only the translation is listed: never both.
    spanish = resource.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.title = "Grupo narval"
    spanish.save()
    response = search(employee_client, "narwhal", "es")
    assert [(r.title, r.other_language) for r in response.context["results"]] == [
        ("Grupo narval", False)
    ]


def test_editing_and_deleting_a_helpline_updates_search_at_once(employee_client):
    line = HelplineFactory(name="Axolotl Line", is_crisis_line=False)
    assert results(search(employee_client, "axolotl")) == [("helpline", "Axolotl Line")]
    line.name = "Salamander Line"
    line.save()
    assert results(search(employee_client, "axolotl")) == []
    assert results(search(employee_client, "salamander")) == [("helpline", "Salamander Line")]
    Helpline.objects.filter(pk=line.pk).delete()
    assert results(search(employee_client, "salamander")) == []


def test_autocomplete_suggests_helplines_and_resources_of_the_language(employee_client):
    line = HelplineFactory(name="Capybara Line", is_crisis_line=False)
    SupportResourceFactory(title="Capybara coaching", locale=Locale.objects.get(language_code="fr"))
    response = suggest(employee_client, "capyb")
    support = [s for s in response.json()["suggestions"] if s["kind"] == "support"]
    assert support == [
        {"kind": "support", "label": "Capybara Line", "url": f"/en/support/#helpline-{line.pk}"}
    ]
