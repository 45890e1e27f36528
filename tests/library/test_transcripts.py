import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import StringSegment, TranslationSource

from library.factories import EpisodePageFactory, TranscriptFactory
from library.models import EpisodePage, Transcript
from library.webvtt import WebVTTError, parse_webvtt, render_plain_text, render_webvtt
from tests.library.conftest import publish
from tests.translation_support import translated_listener_pages

GOOD_VTT = """WEBVTT - Rest is not a reward

NOTE Recorded in Stockholm

intro
00:00:00.000 --> 00:00:04.500 align:start
<v Sam>Welcome to Calm Corner.</v>

00:04.500 --> 00:09.000
Today we talk about <b>rest</b> &amp; recovery.
"""


def test_webvtt_is_parsed_into_cues_with_speakers():
    cues = parse_webvtt(GOOD_VTT.encode())
    assert [(c.start, c.end, c.speaker, c.text) for c in cues] == [
        (0.0, 4.5, "Sam", "Welcome to Calm Corner."),
        (4.5, 9.0, "", "Today we talk about rest & recovery."),
    ]


def test_webvtt_round_trips():
    cues = parse_webvtt(GOOD_VTT)
    assert parse_webvtt(render_webvtt(cues)) == cues
    assert render_plain_text(cues).startswith("Sam: Welcome to Calm Corner.\n")


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("Hello\n\n00:00.000 --> 00:01.000\nHi\n", 1, "must start with the line"),
        ("WEBVTT\n\n00:00.000 -> 00:01.000\nHi\n", 3, "expected a cue timing line"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n\n00:02.00 --> 00:03.000\nYo\n", 6, "00:02.00"),
        ("WEBVTT\n\n00:05.000 --> 00:01.000\nBackwards\n", 3, "ends before it starts"),
        ("WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n", 6, "in order"),
        ("WEBVTT\n\nNOTE nothing here\n", 4, "no cues"),
    ],
)
def test_malformed_webvtt_names_the_line(content, line, message):
    with pytest.raises(WebVTTError) as raised:
        parse_webvtt(content)
    assert raised.value.line_number == line
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"Line {line}:")


def test_non_utf8_is_refused_with_its_line():
    with pytest.raises(WebVTTError, match="Line 3: the file is not UTF-8"):
        parse_webvtt(b"WEBVTT\n\n\xff\xfe\n")


def transcript_form(title, **extra):
    return nested_form_data(
        {"title": title, "text": extra.pop("text", ""), "cues": streamfield([]), **extra}
    )


def add_url():
    return reverse("wagtailsnippets_library_transcript:add") + "?locale=en"


@pytest.mark.django_db
def test_uploading_webvtt_in_the_admin_fills_in_the_cues(client, role_users):
    client.force_login(role_users["Administrators"])
    data = transcript_form("Rest is not a reward")
    data["webvtt_file"] = SimpleUploadedFile("rest.vtt", GOOD_VTT.encode(), "text/vtt")

    response = client.post(add_url(), data)

    assert response.status_code == 302
    transcript = Transcript.objects.get(title="Rest is not a reward")
    assert [cue.text for cue in transcript.cue_list] == [
        "Welcome to Calm Corner.",
        "Today we talk about rest & recovery.",
    ]


@pytest.mark.django_db
def test_malformed_webvtt_upload_shows_the_line_and_saves_nothing(client, role_users):
    client.force_login(role_users["Administrators"])
    data = transcript_form("Broken captions")
    data["webvtt_file"] = SimpleUploadedFile(
        "broken.vtt", b"WEBVTT\n\n00:00.000 --> 00:0x.000\nHi\n", "text/vtt"
    )

    response = client.post(add_url(), data)

    assert response.status_code == 200
    assert "Line 3:" in response.content.decode()
    assert not Transcript.objects.filter(title="Broken captions").exists()


@pytest.mark.django_db
def test_a_typed_transcript_is_accepted_and_an_empty_one_is_not(client, role_users):
    client.force_login(role_users["Administrators"])
    typed = client.post(add_url(), transcript_form("Typed", text="Hello.\nWelcome back."))
    assert typed.status_code == 302
    assert Transcript.objects.get(title="Typed").as_plain_text() == "Hello.\nWelcome back.\n"

    empty = client.post(add_url(), transcript_form("Empty"))
    assert empty.status_code == 200
    assert "upload a WebVTT file or type the text" in empty.content.decode()
    assert not Transcript.objects.filter(title="Empty").exists()


@pytest.mark.django_db
def test_transcript_text_is_offered_to_translators_but_timings_are_not():
    transcript = TranscriptFactory(title="Rest")
    source, _created = TranslationSource.get_or_create_from_instance(transcript)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert {"Rest", "Welcome back.", "Host", "Let's talk about rest."} <= strings
    assert not any(text.replace(".", "").isdigit() for text in strings)


@pytest.mark.django_db
def test_translated_transcript_keeps_the_timings(django_capture_on_commit_callbacks):
    transcript = TranscriptFactory(title="Rest")
    swedish = transcript.copy_for_translation(Locale.objects.get(language_code="sv"))
    swedish.save()
    assert [cue.start for cue in swedish.cue_list] == [cue.start for cue in transcript.cue_list]


@pytest.mark.django_db
def test_episodes_are_found_by_what_is_said_in_them(episode):
    results = EpisodePage.objects.live().search("talk about rest")
    assert episode.pk in [page.pk for page in results]


@pytest.mark.django_db
def test_editing_a_published_transcript_changes_nothing_live_until_it_is_reviewed(
    client, role_users, show
):
    from library.factories import EpisodePageFactory
    from tests.library.conftest import publish

    transcript = TranscriptFactory(title="Words", cues=[], text="Original words.")
    episode = publish(
        EpisodePageFactory(parent=show, title="Reviewed words", transcript=transcript)
    )
    assert transcript.get_workflow() is not None  # the review workflow covers transcripts

    client.force_login(role_users["Editors"])
    edit_url = reverse("wagtailsnippets_library_transcript:edit", args=(transcript.pk,))
    publish_attempt = client.post(
        edit_url,
        {**transcript_form("Words", text="Unreviewed words."), "action-publish": "publish"},
    )
    assert publish_attempt.status_code in (200, 302, 403)
    client.post(edit_url, transcript_form("Words", text="Unreviewed words."))  # save draft

    client.force_login(role_users["Employees"])
    html = client.get(episode.url).content.decode()
    assert "Original words." in html
    assert "Unreviewed words." not in html

    transcript.refresh_from_db()
    transcript.latest_revision.publish()
    html = client.get(episode.url).content.decode()
    assert "Unreviewed words." in html


@pytest.mark.django_db
def test_an_unpublished_transcript_translation_is_never_shown_or_served(
    client, role_users, site_tree
):
    episode = translated_listener_pages(site_tree, ["sv"])["sv"].episode
    episode = EpisodePage.objects.live().get(pk=episode.pk)
    english = episode.transcript  # the source, chosen in every language
    swedish_locale = Locale.objects.get(language_code="sv")
    assert english.locale.language_code == "en"
    swedish = english.get_translation(swedish_locale)
    assert swedish.live and episode.display_transcript == swedish
    assert "Välkommen tillbaka." in swedish.as_plain_text()

    # wagtail-localize's "draft" update of an existing translation (translate with related
    # objects, subtree, sync) keeps the live wording and stores the new one as a revision.
    live_text = swedish.as_plain_text()
    source, _created = TranslationSource.get_or_create_from_instance(english)
    source.create_or_update_translation(swedish_locale, publish=False, fallback=True)
    swedish.refresh_from_db()
    assert swedish.live and swedish.as_plain_text() == live_text
    assert swedish.has_unpublished_changes

    # Taken off the site (unpublished), it is never shown or served: the source stands in.
    swedish.unpublish()
    swedish.refresh_from_db()
    assert not swedish.live
    episode = EpisodePage.objects.get(pk=episode.pk)
    assert episode.display_transcript == english
    listed = EpisodePage.objects.get(pk=episode.pk)
    EpisodePage.prefetch_display_transcripts([listed])
    assert listed.display_transcript == english

    client.force_login(role_users["Employees"])
    html = client.get(episode.url).content.decode()
    assert 'aria-labelledby="transcript-heading" lang="en"' in html
    assert client.get(swedish.get_url("txt")).status_code == 404
    assert client.get(english.get_url("txt")).status_code == 200

    # Once reviewed and published, the Swedish wording is back.
    swedish.latest_revision.publish()
    episode = EpisodePage.objects.get(pk=episode.pk)
    assert episode.display_transcript == swedish
    assert client.get(swedish.get_url("txt")).status_code == 200


@pytest.mark.django_db
def test_display_transcripts_of_a_listing_take_two_queries(django_assert_num_queries, site_tree):
    # An English episode, its Swedish and German translations (transcripts translated too), and
    # an English episode with no translation.
    pages = translated_listener_pages(site_tree, ["sv", "de"])
    publish(EpisodePageFactory(parent=pages["en"].show, title="Untranslated"))
    episodes = list(EpisodePage.objects.live().order_by("pk"))
    assert len(episodes) == 4
    expected = [episode.display_transcript for episode in EpisodePage.objects.live().order_by("pk")]
    assert any(t is not None and t.locale.language_code == "sv" for t in expected)
    assert any(t is not None and t.locale.language_code == "de" for t in expected)
    assert sum(t.locale.language_code == "en" for t in expected) == 2
    with django_assert_num_queries(2):
        EpisodePage.prefetch_display_transcripts(episodes)
        shown = [episode.display_transcript for episode in episodes]
    assert shown == expected
