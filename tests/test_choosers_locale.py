"""Choosers in the page's language (issue #14): topics, pillars, transcripts, episodes and
playlists are offered, and accepted, in the locale of the page being edited. What a page already
points at (a translation keeps its source's topics and pillar) is kept."""

import html
import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from campaigns.models import CampaignPage
from cms.core.taxonomy import Pillar, Topic
from library.models import AudioFile, EpisodePage, PlaylistPage
from tests.translation_support import translated_listener_pages
from tests.workflow_support import edit_form_data

pytestmark = pytest.mark.django_db

OTHER_LANGUAGE = "Choose in this page's language"


def edit_form(page, user, data=None):
    page = page.specific
    form_class = page.get_edit_handler().get_form_class()
    return form_class(
        data,
        instance=page.get_latest_revision_as_object(),
        for_user=user,
        parent_page=page.get_parent(),
    )


def offered(form, name):
    return [value.instance for value, _label in form.fields[name].widget.choices]


def latest(page):
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def episode_in(language_code):
    return EpisodePage.objects.filter(locale__language_code=language_code).first()


@pytest.fixture
def translated(site_tree):
    """Builds the listener's pages in English and translates them into the given languages."""
    return lambda *languages: translated_listener_pages(site_tree, languages)


@pytest.fixture
def editor_client(client, role_users):
    client.force_login(role_users["Editors"])
    return client


def post_edit(client, page, user, **changes):
    data = edit_form_data(page, user)
    data.update(changes)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_an_english_episode_offers_only_english_topics(role_users, translated):
    translated("sv", "de")
    form = edit_form(episode_in("en"), role_users["Editors"])
    english = Locale.objects.get(language_code="en")

    topics = offered(form, "topics")

    assert topics
    assert {topic.locale_id for topic in topics} == {english.pk}
    assert sorted(t.pk for t in topics) == sorted(
        Topic.objects.filter(locale=english).values_list("pk", flat=True)
    )
    rendered = str(form["topics"])
    assert "Burnout" in rendered and "Sömn" not in rendered and "Schlaf" not in rendered
    assert len(re.findall(r">\s*Burnout\s*<", rendered)) == 1


def test_a_swedish_page_offers_swedish_topics_and_keeps_what_it_has(role_users, translated):
    translated("sv")
    swedish = Locale.objects.get(language_code="sv")
    playlist = PlaylistPage.objects.filter(locale=swedish).first().specific
    kept = set(playlist.topics.values_list("pk", flat=True))
    form = edit_form(playlist, role_users["Editors"])

    topics = offered(form, "topics")

    swedish_ids = set(Topic.objects.filter(locale=swedish).values_list("pk", flat=True))
    assert swedish_ids <= {t.pk for t in topics}
    assert {t.pk for t in topics} == swedish_ids | kept
    labels = {value.instance.pk: label for value, label in form.fields["topics"].widget.choices}
    for topic in topics:
        if topic.locale_id != swedish.pk:  # kept from the English source, labelled as such
            assert labels[topic.pk].endswith(f"({topic.locale.get_display_name()})")
    assert "Utbrändhet" in str(form["topics"])


def test_a_topic_in_another_language_is_refused_with_a_form_error(
    editor_client, role_users, translated
):
    translated("sv")
    episode = episode_in("en")
    swedish_topic = Topic.objects.get(locale__language_code="sv", slug="sleep")
    english_topic = Topic.objects.get(locale__language_code="en", slug="sleep")

    refused = post_edit(
        editor_client, episode, role_users["Editors"], topics=[str(swedish_topic.pk)]
    )

    assert refused.status_code == 200
    content = html.unescape(refused.content.decode())
    assert OTHER_LANGUAGE in content and "Sömn" in content
    assert swedish_topic not in latest(episode).topics.all()

    accepted = post_edit(
        editor_client, episode, role_users["Editors"], topics=[str(english_topic.pk)]
    )
    assert accepted.status_code == 302
    assert list(latest(episode).topics.all()) == [english_topic]


def test_a_pillar_in_another_language_is_refused(editor_client, role_users, translated):
    translated("de")
    playlist = PlaylistPage.objects.filter(locale__language_code="en").first()
    german_pillar = Pillar.objects.filter(locale__language_code="de").first()

    response = post_edit(
        editor_client, playlist, role_users["Editors"], pillar=str(german_pillar.pk)
    )

    assert response.status_code == 200
    assert OTHER_LANGUAGE in html.unescape(response.content.decode())


def test_a_campaign_topic_in_another_language_is_refused(role_users, translated):
    translated("es")
    campaign = CampaignPage.objects.filter(locale__language_code="en").first()
    user = role_users["Editors"]
    spanish_topic = Topic.objects.filter(locale__language_code="es").first()
    data = edit_form_data(campaign, user)
    data["topic_links-0-topic"] = str(spanish_topic.pk)

    form = edit_form(campaign, user, data)

    assert not form.is_valid()
    assert OTHER_LANGUAGE in " ".join(form.formsets["topic_links"].forms[0].errors["topic"])


def test_a_featured_episode_in_another_language_is_refused_where_it_sits(role_users, translated):
    translated("fr")
    campaign = CampaignPage.objects.filter(locale__language_code="en").first()
    user = role_users["Editors"]
    french_episode = episode_in("fr")
    data = edit_form_data(campaign, user)
    index = int(data["body-count"])
    data.update(
        {
            "body-count": str(index + 1),
            f"body-{index}-type": "featured_episode",
            f"body-{index}-deleted": "",
            f"body-{index}-order": str(index),
            f"body-{index}-id": "",
            f"body-{index}-value-episode": str(french_episode.pk),
            f"body-{index}-value-note": "",
        }
    )

    form = edit_form(campaign, user, data)

    assert not form.is_valid()
    error = form.errors.as_data()["body"][0]
    assert OTHER_LANGUAGE in str(error.block_errors[index].block_errors["episode"])

    data[f"body-{index}-value-episode"] = str(episode_in("en").pk)
    form = edit_form(campaign, user, data)
    form.is_valid()
    assert "body" not in form.errors


def test_a_translation_keeps_its_source_choices_when_saved(role_users, translated):
    """A Swedish episode made by wagtail-localize points at the English topics (synchronised):
    saving it as it stands is fine, and it keeps them."""
    translated("sv")
    user = role_users["Editors"]
    episode = EpisodePage.objects.filter(locale__language_code="sv").exclude(topics=None).first()
    assert {t.locale.language_code for t in episode.topics.all()} == {"en"}

    form = edit_form(episode, user, edit_form_data(episode, user))

    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["topics"]) == set(episode.topics.all())


def chooser_titles(response_html):
    return [html.unescape(title) for title in re.findall(r'data-title="([^"]+)"', response_html)]


def test_the_page_chooser_search_stays_in_the_chooser_locale(editor_client, translated):
    """The chooser modal sends the edited page's locale; its search results stay in it."""
    swedish_title = translated("sv")["sv"].episode.title
    assert swedish_title.startswith("Vila är ingen belöning")
    url = reverse("wagtailadmin_choose_page_search")
    params = {"q": "Vila är ingen", "page_type": "library.episodepage"}

    from_swedish_page = editor_client.get(url, {**params, "locale": "sv"}).content.decode()
    from_english_page = editor_client.get(url, {**params, "locale": "en"}).content.decode()
    anywhere = editor_client.get(url, params).content.decode()

    assert swedish_title in chooser_titles(anywhere)
    assert chooser_titles(from_swedish_page) == [swedish_title]
    assert chooser_titles(from_english_page) == []


@pytest.fixture
def recordings(db):
    from library.factories import AudioFileFactory

    return {
        "sv": AudioFileFactory(title="Svensk inspelning", language="sv"),
        "en": AudioFileFactory(title="English recording", language="en"),
    }


def test_the_audio_chooser_lists_recordings_in_the_page_language_first(editor_client, recordings):
    url = reverse(AudioFile.snippet_viewset.chooser_viewset.get_url_name("choose"))

    def titles(**params):
        response = editor_client.get(url, params, headers={"x-requested-with": "XMLHttpRequest"})
        return re.findall(
            r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<", response.json()["html"]
        )

    assert titles(locale="sv")[0] == "Svensk inspelning"
    assert titles(locale="en")[0] == "English recording"
    assert titles()[0] == "English recording"  # newest first without a page language
