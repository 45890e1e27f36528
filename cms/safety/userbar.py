"""The safe-messaging rules for the content checker Wagtail already ships (axe-core), in the
page editor's Checks panel and the user bar.

axe runs only JSON configuration here (the admin and site policies forbid eval), so each
lexicon entry becomes a rule whose selector finds the marks `annotate.py` put in the page, and
one check that uses axe-core's built-in `matches-definition-evaluate` to fail on them. The
finding's text in the panel is the entry's category and phrase; its help is the suggested
alternative and why.
"""

from django.utils.translation import gettext

from . import checker
from .annotate import ATTRIBUTE
from .models import Category, Severity

CHECK_ID = "safe-messaging-found"
TAG = "safe-messaging"
IMPACT = {Severity.HIGH: "serious", Severity.MEDIUM: "moderate", Severity.LOW: "minor"}


def rule_id(rule):
    return f"safe-messaging-{rule.pk}"


def axe_additions(language_code):
    """(rules, checks, messages, rule ids) for one language's lexicon (all when None)."""
    rules, messages, ids = [], {}, []
    categories = dict(Category.choices)
    severities = dict(Severity.choices)
    for rule in checker.rules_for(language_code):
        ident = rule_id(rule)
        ids.append(ident)
        rules.append(
            {
                "id": ident,
                "impact": IMPACT.get(rule.severity, "moderate"),
                "selector": f'[{ATTRIBUTE}="{rule.pk}"]',
                "tags": [TAG],
                "any": [],
                "all": [],
                "none": [CHECK_ID],
                "enabled": True,
            }
        )
        name = gettext("Safe messaging (%(severity)s, %(category)s): “%(phrase)s”") % {
            "severity": severities.get(rule.severity, rule.severity),
            "category": categories.get(rule.category, rule.category),
            "phrase": rule.phrase,
        }
        help_text = rule.why
        if rule.alternative:
            help_text = gettext("Try: %(alternative)s. %(why)s") % {
                "alternative": rule.alternative,
                "why": rule.why,
            }
        messages[ident] = {"error_name": name, "help_text": help_text}
    checks = [
        {
            "id": CHECK_ID,
            "evaluate": "matches-definition-evaluate",
            "options": {"matcher": {"nodeName": "span"}},
        }
    ]
    return rules, checks, messages, ids


def add_safe_messaging_rules(item, language_code):
    """Extend a ContentCheckerItem's axe configuration in place with the lexicon's rules."""
    rules, checks, messages, ids = axe_additions(language_code)
    item.axe_custom_rules = [*item.get_axe_custom_rules(None), *rules]
    item.axe_custom_checks = [*item.get_axe_custom_checks(None), *checks]
    item.axe_messages = {**item.get_axe_messages(None), **messages}
    run_only = item.get_axe_run_only(None)
    if run_only:
        item.axe_run_only = [*run_only, *ids]
    return item
