"""Marks what the checker finds in a rendered page, so the axe-core rules Wagtail's content
checker runs (Checks panel, user bar) can point at it.

Only for people who may edit the page (previews, and the live page for its editors, which the
page cache never stores: users with admin access always get a fresh page). Employees never get
marked HTML. Each match is wrapped in `<span data-safe-messaging="<rule id>">`: no visible
change, and the axe rule `safe-messaging-<rule id>` selects it.
"""

import re
from html import escape, unescape

from . import checker

ATTRIBUTE = "data-safe-messaging"
SKIP_TAGS = {"script", "style", "template", "noscript", "textarea", "title"}
ROOT_SELECTOR = "main"


TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
MAIN_START = re.compile(r"<main[\s>]", re.IGNORECASE)
MAIN_END = re.compile(r"</main\s*>", re.IGNORECASE)
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")


def annotate_html(html, rules):
    """`html` with every lexicon match inside <main> wrapped; (html, number of marks).

    Only the text between tags inside <main> is touched (everything else stays byte for
    byte: scripts, nonces, the user bar), so the page renders exactly as before."""
    if not rules:
        return html, 0
    start_match = MAIN_START.search(html)
    if start_match is None:
        return html, 0
    end_match = MAIN_END.search(html, start_match.end())
    end = end_match.start() if end_match else len(html)
    body = html[start_match.start() : end]
    out, marks, skipping = [], 0, None
    for token in TOKEN.split(body):
        if not token:
            continue
        if token.startswith("<"):
            tag = TAG_NAME.match(token)
            if tag:
                closing, name = tag.group(1), tag.group(2).lower()
                if skipping is None and not closing and name in SKIP_TAGS:
                    skipping = name
                elif skipping == name and closing:
                    skipping = None
            out.append(token)
            continue
        if skipping is not None:
            out.append(token)
            continue
        text = unescape(token)
        spans = non_overlapping(checker.find_spans(text, rules))
        if not spans:
            out.append(token)
            continue
        position = 0
        for span_start, span_end, rule in spans:
            out.append(escape(text[position:span_start]))
            out.append(f'<span {ATTRIBUTE}="{rule.pk}">{escape(text[span_start:span_end])}</span>')
            position = span_end
            marks += 1
        out.append(escape(text[position:]))
    if not marks:
        return html, 0
    return html[: start_match.start()] + "".join(out) + html[end:], marks


def non_overlapping(spans):
    kept, last_end = [], -1
    for start, end, rule in spans:
        if start >= last_end:
            kept.append((start, end, rule))
            last_end = end
    return kept


def annotate_response(response, language_code):
    """Mark a rendered (or to-be-rendered) page response in place. Never cached by anyone."""

    def mark(rendered):
        if rendered.status_code != 200 or "html" not in rendered.get("Content-Type", ""):
            return rendered
        rules = checker.rules_for(language_code)
        html, count = annotate_html(rendered.content.decode(rendered.charset or "utf-8"), rules)
        if count:
            rendered.content = html.encode(rendered.charset or "utf-8")
        rendered["Cache-Control"] = "private, no-store"
        return rendered

    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(mark)
        return response
    return mark(response)
