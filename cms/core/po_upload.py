"""A guard in front of wagtail-localize's PO upload (Translate › Upload PO file).

wagtail-localize's own view raises KeyError for a request without a file or a PO file without
its translation header, and imports translations whose inline tags or placeholders do not
match the source. This view, mounted at the same admin address (vendor patch "po-upload-url"
in cms.core.vendor_patches.localize), checks the whole file first and refuses it with a clear
message, changing nothing; a good file goes on to wagtail-localize's view unchanged.
"""

import contextlib
import os
import re
import tempfile

import polib
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.models import Translation

from .vendor_patches.localize import upload_pofile, user_can_edit_instance

MAX_PO_BYTES = 5 * 1024 * 1024
# Inline markup wagtail-localize puts in segments (links, bold, …) and printf/format placeholders.
TOKEN = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|%\(\w+\)[sd]|\{\w*\}")


def tokens(text):
    return sorted(TOKEN.findall(text or ""))


def read_po(upload):
    """A polib.POFile for an uploaded file, or None when it is not a readable PO file."""
    data = upload.read(MAX_PO_BYTES + 1)
    if not data.strip() or len(data) > MAX_PO_BYTES:
        return None
    with tempfile.NamedTemporaryFile(suffix=".po", delete=False) as f:
        f.write(data)
    try:
        # A path, never the contents: polib would read a file named by uploaded contents.
        po = polib.pofile(f.name)
    except (OSError, UnicodeDecodeError, ValueError, IndexError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(f.name)
    if not po.metadata or not any(True for _entry in po):
        return None
    return po


def problem_with(po, translation):
    """Why this PO file cannot be imported into `translation`, or None."""
    if po is None:
        return _("That file is not a valid PO file. Upload the file downloaded from this page.")
    if po.metadata.get("X-WagtailLocalize-TranslationID") != str(translation.uuid):
        return _(
            "That PO file belongs to another page or language. Download the PO file of this "
            "translation, translate it and upload it here."
        )
    for entry in po:
        if entry.msgstr and tokens(entry.msgstr) != tokens(entry.msgid):
            return _(
                "Nothing was imported: the translation of “%(source)s” does not keep the "
                "source's links, formatting or placeholders (%(expected)s)."
            ) % {"source": entry.msgid[:80], "expected": " ".join(tokens(entry.msgid))}
    return None


@require_POST
def checked_upload_pofile(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    next_url = get_valid_next_url_from_request(request) or reverse("wagtailadmin_home")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a PO file to upload."))
        return redirect(next_url)
    problem = problem_with(read_po(upload), translation)
    if problem:
        messages.error(request, problem)
        return redirect(next_url)
    upload.seek(0)
    return upload_pofile(request, translation_id)
