"""The safe-messaging checker: the seeded lexicon per language, what matches and what must not,
marks in the editor's preview only, and the axe rules Wagtail's checker runs."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.models import Locale

from cms.core.factories import StandardPageFactory
from cms.safety import checker
from cms.safety.annotate import ATTRIBUTE, annotate_html
from cms.safety.content import check_object
from cms.safety.lexicon import LEXICON
from cms.safety.models import SafeMessagingRule, Source
from cms.safety.userbar import CHECK_ID, add_safe_messaging_rules
from tests.safety_support import seed_the_lexicon

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexicon(db):
    """The seed safe-messaging lexicon, as `manage.py seed_safe_messaging_lexicon` adds it."""
    seed_the_lexicon()


LANGUAGES = ("en", "sv", "de", "es", "fr", "pt-br")

# (text with a finding, the lexicon phrase it must find, a text that must not match)
CASES = {
    "en": (
        "Sadly he Committed  Suicide in 2019.",
        "committed suicide",
        "She is committed to suicide prevention; psychotherapy helps.",
    ),
    "sv": (
        "Han begick självmord förra året.",
        "begick självmord",
        "Han begick ett misstag och lider nu inte längre.",
    ),
    "de": (
        "Er beging Selbstmord, hieß es.",
        "beging Selbstmord",
        "Psychologie hilft; er beging einen Fehler.",
    ),
    "es": (
        "Dijeron que cometio suicidio.",  # without the accent
        "cometió suicidio",
        "La locomotora llegó tarde.",
    ),
    "fr": (
        "On a dit qu'il a commis un suicide.",
        "commis un suicide",
        "Il souffre beaucoup ; la psychopathologie est une discipline.",
    ),
    "pt-br": (
        "Disseram que ele cometeu suicidio.",
        "cometeu suicídio",
        "A loucura é um tema de livro; ele sofreu muito.",
    ),
}


def test_every_language_is_seeded_with_named_sources():
    for language in LANGUAGES:
        rules = SafeMessagingRule.objects.filter(locale__language_code=language)
        assert rules.count() >= len(LEXICON[language]) - 1
        assert set(rules.values_list("source", flat=True)) <= set(Source.values)
        assert rules.filter(severity="high").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_phrase_is_found_in_each_language(language):
    text, phrase, _clean = CASES[language]
    findings = checker.check_text(text, checker.rules_for(language), where="body")
    assert phrase in [finding.phrase for finding in findings]
    found = next(finding for finding in findings if finding.phrase == phrase)
    assert found.severity == "high"
    assert found.alternative
    assert found.why


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_inside_other_words_do_not_match(language):
    _text, _phrase, clean = CASES[language]
    assert checker.check_text(clean, checker.rules_for(language)) == []


def test_each_language_uses_its_own_lexicon():
    # The Swedish phrase is not an English finding (pages are checked in their own language).
    assert checker.check_text("Han begick självmord.", checker.rules_for("en")) == []


def test_a_pattern_entry_matches_and_a_bad_pattern_is_refused():
    findings = checker.check_text("He hanged himself.", checker.rules_for("en"))
    assert [finding.category for finding in findings] == ["method_detail"]
    rule = SafeMessagingRule(
        locale=Locale.objects.get(language_code="en"),
        phrase="(unclosed",
        is_pattern=True,
        category="sensational",
        severity="low",
        why="x",
        source="programme",
    )
    with pytest.raises(Exception, match="not a valid pattern"):
        rule.full_clean()


def test_a_page_is_checked_in_its_fields(site_tree):
    page = StandardPageFactory(
        parent=site_tree["sv"],
        title="Om sorg",
        introduction="Hon begick självmord och familjen sörjer.",
    )
    findings = check_object(page)
    assert [(finding.phrase, finding.where) for finding in findings] == [
        ("begick självmord", "introduction")
    ]


def test_marks_wrap_only_the_words_inside_main():
    rules = checker.rules_for("en")
    html = (
        "<html><head><title>committed suicide</title></head><body><nav>committed suicide</nav>"
        "<main><p>He <b>committed suicide</b> and was crazy, they said.</p>"
        "<script>var s = 'committed suicide';</script></main></body></html>"
    )
    marked, count = annotate_html(html, rules)
    assert count == 2
    assert marked.count(f"{ATTRIBUTE}=") == 2
    assert "<nav>committed suicide</nav>" in marked
    assert "var s = 'committed suicide';" in marked


def test_the_axe_configuration_has_a_rule_per_entry_and_no_script():
    item = add_safe_messaging_rules(ContentCheckerItem(), "fr")
    config = item.get_axe_configuration(None)
    french = SafeMessagingRule.objects.filter(locale__language_code="fr", active=True)
    ids = {f"safe-messaging-{rule.pk}" for rule in french}
    assert ids <= set(config["options"]["runOnly"])
    assert ids <= {rule["id"] for rule in config["spec"]["rules"]}
    check = next(check for check in config["spec"]["checks"] if check["id"] == CHECK_ID)
    # A built-in axe-core evaluate, named: no function source (the CSP forbids eval).
    assert check["evaluate"] == "matches-definition-evaluate"
    rule = french.get(phrase="commis un suicide")
    message = config["messages"][f"safe-messaging-{rule.pk}"]
    assert "commis un suicide" in message["error_name"]
    assert rule.alternative in message["help_text"]
    json.dumps(config, cls=DjangoJSONEncoder)  # it goes into the page as JSON (json_script)


def test_the_editor_preview_is_marked_and_the_checks_panel_has_the_rules(
    client, site_tree, role_users
):
    admin = role_users["Administrators"]
    client.force_login(admin)
    # A Swedish page previewed by an admin whose interface is English: Swedish rules apply.
    page = StandardPageFactory(
        parent=site_tree["sv"],
        title="En tung vecka",
        introduction="Det sades att han begick självmord.",
    )
    page.save_revision()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    swedish = SafeMessagingRule.objects.get(locale__language_code="sv", phrase="begick självmord")
    english = SafeMessagingRule.objects.get(locale__language_code="en", phrase="committed suicide")
    assert f"safe-messaging-{swedish.pk}" in edit  # the Checks panel's axe configuration
    assert f'safe-messaging-{english.pk}"' not in edit
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    from tests.workflow_support import edit_form_data

    client.post(preview_url, edit_form_data(page, admin))
    html = client.get(preview_url).content.decode()
    assert f'{ATTRIBUTE}="{swedish.pk}">begick självmord</span>' in html


def test_employees_never_get_marks_and_editors_do_on_the_live_page(client, employee, site_tree):
    page = StandardPageFactory(
        parent=site_tree["en"], title="Words matter", introduction="He committed suicide."
    )
    client.force_login(employee)
    with translation.override("en"):
        html = client.get(page.url).content.decode()
    assert "committed suicide" in html
    assert ATTRIBUTE not in html
    assert "safe-messaging" not in html
