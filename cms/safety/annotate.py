"""Marks what the checker finds in a rendered page, so the axe-core rules Wagtail's content
checker runs (Checks panel, user bar) can point at it.

Only for people who may edit the page (previews, and the live page for its editors, which the
page cache never stores: users with admin access always get a fresh page). Employees never get
marked HTML. Each match is wrapped in `<span data-safe-messaging="<rule id>">`: no visible
change, and the axe rule `safe-messaging-<rule id>` selects it.
"""

from bs4 import BeautifulSoup, NavigableString

from . import checker

ATTRIBUTE = "data-safe-messaging"
SKIP_TAGS = {"script", "style", "template", "noscript", "textarea", "title"}
ROOT_SELECTOR = "main"


def annotate_html(html, rules):
    """`html` with every lexicon match inside <main> wrapped; (html, number of marks)."""
    if not rules:
        return html, 0
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find(ROOT_SELECTOR) or soup.body
    if root is None:
        return html, 0
    marks = 0
    for node in list(root.find_all(string=True)):
        if not isinstance(node, NavigableString) or type(node) is not NavigableString:
            continue  # comments, doctype, CDATA
        if any(parent.name in SKIP_TAGS for parent in node.parents):
            continue
        if node.parent is not None and node.parent.has_attr(ATTRIBUTE):
            continue
        text = str(node)
        spans = non_overlapping(checker.find_spans(text, rules))
        if not spans:
            continue
        pieces, position = [], 0
        for start, end, rule in spans:
            if start > position:
                pieces.append(NavigableString(text[position:start]))
            mark = soup.new_tag("span", attrs={ATTRIBUTE: str(rule.pk)})
            mark.string = text[start:end]
            pieces.append(mark)
            position = end
            marks += 1
        if position < len(text):
            pieces.append(NavigableString(text[position:]))
        node.replace_with(*pieces)
    if not marks:
        return html, 0
    return str(soup), marks


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
