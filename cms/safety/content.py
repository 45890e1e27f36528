"""What the checker reads of a page or transcript, and what it finds there.

The text an editor or translator writes is exactly what wagtail-localize translates: each
model's `TranslatableField`s (titles, introductions, rich text, StreamField text, transcript
cues), so a new text field on a page type is checked without a change here.
"""

from bs4 import BeautifulSoup
from django.utils.encoding import force_str
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from . import checker
from .models import Category, Severity

# Raw StreamField keys that never hold text an employee reads.
NOT_TEXT_KEYS = {"id", "type", "url", "link", "page", "image", "document", "audio", "slug"}
SKIPPED_FIELDS = {"slug"}


def html_to_text(value):
    value = force_str(value or "")
    if "<" not in value:
        return value
    return BeautifulSoup(value, "html.parser").get_text(" ")


def strings_in(raw, key=None):
    """Every text string in a StreamField's raw data (block values, not ids or types)."""
    if key in NOT_TEXT_KEYS:
        return
    if isinstance(raw, str):
        if raw.strip() and not raw.startswith(("http://", "https://", "/", "#")):
            yield html_to_text(raw)
    elif isinstance(raw, dict):
        for child_key, child in raw.items():
            yield from strings_in(child, child_key)
    elif isinstance(raw, list | tuple):
        for child in raw:
            yield from strings_in(child, key if isinstance(child, dict) else None)


def text_parts(obj):
    """(label, text) for every translatable text field of `obj`."""
    parts = []
    for translatable in get_translatable_fields(type(obj)):
        if not isinstance(translatable, TranslatableField):
            continue
        field = translatable.get_field(type(obj))
        if getattr(field, "name", None) in SKIPPED_FIELDS or not hasattr(field, "attname"):
            continue
        label = force_str(getattr(field, "verbose_name", field.name))
        value = getattr(obj, field.name, None)
        if value is None:
            continue
        if isinstance(field, StreamField):
            raw = value.raw_data if hasattr(value, "raw_data") else value
            text = "\n".join(strings_in(list(raw)))
        elif isinstance(field, RichTextField):
            text = html_to_text(value)
        else:
            text = force_str(value)
        if text.strip():
            parts.append((label, text))
    return parts


def language_of(obj):
    locale = getattr(obj, "locale", None)
    return locale.language_code if locale is not None else None


def check_object(obj, rules=None):
    """Findings for a page or transcript (its own language's lexicon), signposting included."""
    if rules is None:
        rules = checker.rules_for(language_of(obj))
    findings = []
    for label, text in text_parts(obj):
        findings.extend(checker.check_text(text, rules, where=label))
    findings = checker.unique(findings)
    missing = missing_signposting(obj)
    if missing is not None:
        findings.append(missing)
    return checker.sort_findings(findings)


# --- Pages about suicide or self-harm must offer a route to help --------------------------


def page_topics(page):
    topics = []
    if hasattr(page, "topics"):
        topics.extend(page.topics.all())
    if hasattr(page, "topic_links"):
        topics.extend(link.topic for link in page.topic_links.all() if link.topic_id)
    return topics


def is_about_suicide_or_self_harm(obj):
    return isinstance(obj, Page) and any(
        getattr(topic, "about_suicide_or_self_harm", False) for topic in page_topics(obj)
    )


def support_page_ids():
    from cms.support.models import SupportPage

    return set(SupportPage.objects.values_list("pk", flat=True))


def raw_stream_data(obj):
    for field in type(obj)._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(obj, field.name, None)
            if value is not None:
                yield list(value.raw_data if hasattr(value, "raw_data") else value)


def has_signposting(obj):
    """A "talk to someone" block anywhere in the page's content, or a link to a support page
    (in rich text or a link block)."""
    support_ids = None

    def walk(raw):
        nonlocal support_ids
        if isinstance(raw, dict):
            if raw.get("type") == "talk_to_someone":
                return True
            return any(walk(value) for value in raw.values())
        if isinstance(raw, list | tuple):
            return any(walk(value) for value in raw)
        if isinstance(raw, str) and 'linktype="page"' in raw:
            support_ids = support_ids if support_ids is not None else support_page_ids()
            soup = BeautifulSoup(raw, "html.parser")
            return any(
                link.get("id", "").isdigit() and int(link["id"]) in support_ids
                for link in soup.find_all("a", attrs={"linktype": "page"})
            )
        return False

    if any(walk(raw) for raw in raw_stream_data(obj)):
        return True
    for field in type(obj)._meta.get_fields():
        if isinstance(field, RichTextField) and walk(getattr(obj, field.name, "") or ""):
            return True
    # A page chooser (e.g. a "related page" field) pointing at the support page.
    for field in type(obj)._meta.concrete_fields:
        related = getattr(field, "related_model", None)
        if related is not None and issubclass(related, Page):
            target_id = getattr(obj, field.attname, None)
            if target_id:
                support_ids = support_ids if support_ids is not None else support_page_ids()
                if target_id in support_ids:
                    return True
    return False


def missing_signposting(obj):
    """A high-severity finding when a page about suicide or self-harm offers no route to help."""
    if not is_about_suicide_or_self_harm(obj) or has_signposting(obj):
        return None
    from django.utils.translation import gettext

    return checker.Finding(
        rule_id=0,
        phrase="",
        category=Category.MISSING_SIGNPOSTING,
        severity=Severity.HIGH,
        alternative=gettext("Add a “Talk to someone” block or a link to the support page."),
        why=gettext(
            "This page is about suicide or self-harm: readers must always see a route to help."
        ),
        source="samaritans",
        text="",
        where="",
        context="",
    )
