"""The safe-messaging checker: finds lexicon wording in text, the same way everywhere (the
editor's Checks panel and user bar, submit for review, the report and its command).

Phrases match as whole words and phrases, ignoring case and accents ("Committed  suicide",
"begick självmord"), never inside a longer word. Patterns are regular expressions matched
ignoring case. What it cannot do is in the README ("Content safety").
"""

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass

from .models import SafeMessagingRule, Severity

# Text longer than this is checked in its first MAX_TEXT_LENGTH characters only (a bound on
# the work a reviewer-written pattern can cause).
MAX_TEXT_LENGTH = 500_000
SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def fold(text):
    """Lower case without accents, one character out for each character in, so positions in
    the folded text are positions in the original."""
    out = []
    for char in text:
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        ).casefold()
        # Keep the length: a character that folds to several (ß -> ss) or none keeps its own.
        out.append(base if len(base) == 1 else char.lower()[:1] or char)
    return "".join(out)


@dataclass(frozen=True)
class CompiledRule:
    pk: int
    language_code: str
    phrase: str
    category: str
    severity: str
    alternative: str
    why: str
    source: str
    regex: re.Pattern
    on_folded: bool


def compile_rule(rule):
    if rule.is_pattern:
        regex = re.compile(rule.phrase, re.IGNORECASE)
        on_folded = False
    else:
        words = re.findall(r"\w+", fold(rule.phrase))
        regex = re.compile(r"(?<!\w)" + r"[\W_]+".join(map(re.escape, words)) + r"(?!\w)")
        on_folded = True
    return CompiledRule(
        pk=rule.pk,
        language_code=rule.locale.language_code,
        phrase=rule.phrase,
        category=rule.category,
        severity=rule.severity,
        alternative=rule.alternative,
        why=rule.why,
        source=rule.source,
        regex=regex,
        on_folded=on_folded,
    )


def rules_for(language_code=None):
    """The active lexicon of one language (all languages when None), compiled."""
    rules = SafeMessagingRule.objects.filter(active=True).select_related("locale")
    if language_code:
        rules = rules.filter(locale__language_code=language_code)
    compiled = []
    for rule in rules:
        try:
            compiled.append(compile_rule(rule))
        except re.error:
            continue  # refused by the form; a row written another way is skipped
    return compiled


@dataclass
class Finding:
    rule_id: int
    phrase: str
    category: str
    severity: str
    alternative: str
    why: str
    source: str
    text: str  # the words as written
    where: str  # which field or part
    context: str  # a few words around them

    @property
    def key(self):
        """Stable within a revision: the same rule on the same words in the same place."""
        raw = f"{self.rule_id}|{self.where}|{self.text.casefold()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def as_dict(self):
        return {**asdict(self), "key": self.key}


def find_spans(text, rules):
    """(start, end, rule) for every match in `text`, in reading order."""
    text = text[:MAX_TEXT_LENGTH]
    folded = None
    spans = []
    for rule in rules:
        if rule.on_folded:
            folded = folded if folded is not None else fold(text)
            haystack = folded
        else:
            haystack = text
        for match in rule.regex.finditer(haystack):
            if match.end() > match.start():
                spans.append((match.start(), match.end(), rule))
    spans.sort(key=lambda span: (span[0], -span[1]))
    return spans


def check_text(text, rules, where=""):
    findings = []
    for start, end, rule in find_spans(text or "", rules):
        context = text[max(0, start - 40) : end + 40].strip()
        findings.append(
            Finding(
                rule_id=rule.pk,
                phrase=rule.phrase,
                category=rule.category,
                severity=rule.severity,
                alternative=rule.alternative,
                why=rule.why,
                source=rule.source,
                text=text[start:end],
                where=where,
                context=" ".join(context.split()),
            )
        )
    return findings


def sort_findings(findings):
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.where))


def unique(findings):
    seen, out = set(), []
    for finding in findings:
        if finding.key not in seen:
            seen.add(finding.key)
            out.append(finding)
    return out
