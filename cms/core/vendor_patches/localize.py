"""wagtail-localize internals the project patches or takes over (checked against 1.14.5).

Four of its admin URLs are taken over: the project registers a path at the same address in a
`register_admin_urls` hook with `order=-1`, so Django resolves it before wagtail-localize's
own (its URL names still reverse to the same address). Our view checks first and then calls
wagtail-localize's view, or is a subclass of it.
"""

import functools
import inspect

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import DraftStateMixin, Page
from wagtail_localize.views.convert import convert_to_alias
from wagtail_localize.views.edit_translation import upload_pofile, user_can_edit_instance
from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from cms.core.reviewed import keeping_live_rows

from .record import NONE_FOUND, VendorPatch

__all__ = [
    "CONVERT_TO_ALIAS_MENU_ITEM",
    "CONVERT_TO_ALIAS_PATH",
    "PO_UPLOAD_PATH",
    "SUBMIT_SNIPPET_TRANSLATION_PATH",
    "UPDATE_TRANSLATIONS_PATH",
    "ReviewedSubmitSnippetTranslationView",
    "ReviewedUpdateTranslationsView",
    "convert_to_alias",
    "guard_wagtail_localize_drafts",
    "upload_pofile",
    "user_can_edit_instance",
]

# wagtail-localize's addresses (wagtail_localize/wagtail_hooks.py, under "localize/"), each
# after the vendor URL name it carries.
# wagtail_localize:upload_pofile
PO_UPLOAD_PATH = "localize/translate/<int:translation_id>/pofile/upload/"
# wagtail_localize:submit_snippet_translation
SUBMIT_SNIPPET_TRANSLATION_PATH = (
    "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/"
)
# wagtail_localize:convert_to_alias
CONVERT_TO_ALIAS_PATH = "localize/page/<int:page_id>/convert_to_alias/"
# wagtail_localize:update_translations
UPDATE_TRANSLATIONS_PATH = "localize/update/<int:translation_source_id>/"

# The name of wagtail-localize's "Convert to alias page" item in the page action menu.
CONVERT_TO_ALIAS_MENU_ITEM = "localize-convert-to-alias"


def guard_wagtail_localize_drafts():
    """Make wagtail-localize's `create_or_update_translation(publish=False)` keep live rows.

    Every route that saves a translation as a draft goes through that method (translate a
    page, its subtree or related objects; the translation editor; sync), so it is wrapped
    once, at start-up; `cms.core.reviewed.KeepLiveRowMixin` does the rest."""
    from wagtail_localize.models import TranslationSource

    original = TranslationSource.create_or_update_translation
    if getattr(original, "keeps_live_rows", False):
        return
    signature = inspect.signature(original)

    @functools.wraps(original)
    def create_or_update_translation(self, *args, **kwargs):
        publish = signature.bind(self, *args, **kwargs).arguments.get("publish", True)
        if publish:
            return original(self, *args, **kwargs)
        with keeping_live_rows():
            return original(self, *args, **kwargs)

    create_or_update_translation.keeps_live_rows = True
    TranslationSource.create_or_update_translation = create_or_update_translation


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", minus its "Publish immediately" for people
    who may not publish every translation: translations go live through review."""

    def get_form(self):
        if not hasattr(self, "_form"):
            self._form = super().get_form()
        return self._form

    def user_can_publish_every_translation(self):
        for translation in self.object.translations.filter(enabled=True):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                continue
            if isinstance(target, Page):
                if not target.permissions_for_user(self.request.user).can_publish():
                    return False
            elif not self.request.user.is_superuser:
                return False
        return True

    def post(self, request, **kwargs):
        form = self.get_form()
        if (
            form.is_valid()
            and form.cleaned_data.get("publish_translations")
            and not self.user_can_publish_every_translation()
        ):
            message = _(
                "You cannot publish translations directly: they go live after review. "
                "Untick “Publish immediately” and submit each translation for review."
            )
            form.add_error("publish_translations", message)
            # wagtail-localize's template does not show this field's errors.
            messages.error(request, message)
            return self.render_to_response(self.get_context_data(**kwargs))
        return super().post(request, **kwargs)


class ReviewedSubmitSnippetTranslationView(SubmitSnippetTranslationView):
    """wagtail-localize's "Translate" for snippets. A snippet without drafts is created live
    in the new language, so only someone who may create that snippet outright may do it
    (translators may not: they cannot publish)."""

    def dispatch(self, request, *args, **kwargs):
        from django.apps import apps

        try:
            model = apps.get_model(kwargs["app_label"], kwargs["model_name"])
        except LookupError as error:
            raise Http404 from error
        opts = model._meta
        if not issubclass(model, DraftStateMixin) and not request.user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


PATCHES = (
    VendorPatch(
        name="draft-translation-keeps-live-row",
        vendor="wagtail-localize",
        relies_on="wagtail_localize.models.TranslationSource.create_or_update_translation "
        "(wrapped at start-up; its `publish` argument) writing the translated fields into the "
        "target row before saving a revision",
        lives_in="cms/core/vendor_patches/localize.py: guard_wagtail_localize_drafts, with "
        "cms/core/reviewed.py: keeping_live_rows and KeepLiveRowMixin",
        works_around="Saving a translation 'as a draft' (publish=False) changes the live row "
        "of a translation that is already live, and unpublishes a live snippet translation, "
        "before any review.",
        upstream=(
            "https://github.com/wagtail/wagtail-localize/issues/655 (draft translation of live "
            "articles without publishing immediately; open)",
            "https://github.com/wagtail/wagtail-localize/pull/751 (saving revisions of "
            "snippets; closed unmerged)",
        ),
        remove_when="create_or_update_translation(publish=False) saves only a revision for a "
        "live target (tests/vendor_patches/ shows the live row unchanged without the "
        "wrapper).",
    ),
    VendorPatch(
        name="po-upload-url",
        vendor="wagtail-localize",
        relies_on="URL wagtail_localize:upload_pofile at "
        f"admin/{PO_UPLOAD_PATH}; views.edit_translation.upload_pofile and "
        "user_can_edit_instance",
        lives_in="cms/core/po_upload.py: checked_upload_pofile, registered in "
        "cms/core/wagtail_hooks.py",
        works_around="upload_pofile answers a request without a file, or a PO file without "
        "the X-WagtailLocalize-TranslationID header, with a server error (KeyError); it also "
        "imports translations that drop the source's links, tags or placeholders. See README, "
        "Known upstream issues.",
        upstream=(
            NONE_FOUND + " for the KeyError; https://github.com/wagtail/wagtail-localize/"
            "issues/150 (closed, 2020) noted poor handling of bad uploads",
        ),
        remove_when="upload_pofile answers a missing file and a missing header with a message "
        "(the test calling it directly then stops raising KeyError) and checks inline tags; "
        "until it checks tags, keep the project's checks but they could run in a form.",
    ),
    VendorPatch(
        name="snippet-submit-url",
        vendor="wagtail-localize",
        relies_on="URL wagtail_localize:submit_snippet_translation at "
        f"admin/{SUBMIT_SNIPPET_TRANSLATION_PATH}; subclass of "
        "views.submit_translations.SubmitSnippetTranslationView (its dispatch)",
        lives_in="cms/core/vendor_patches/localize.py: ReviewedSubmitSnippetTranslationView, "
        "registered in cms/workflows/wagtail_hooks.py",
        works_around="Anyone with wagtail_localize.submit_translation may translate a snippet "
        "without drafts, which creates the translation live: translators could publish.",
        upstream=(
            "https://github.com/wagtail/wagtail-localize/issues/724 (related: translating a "
            "snippet without drafts while WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE=False)",
        ),
        remove_when="wagtail-localize checks the snippet's add/publish permission before "
        "creating a live snippet translation.",
    ),
    VendorPatch(
        name="convert-to-alias-url",
        vendor="wagtail-localize",
        relies_on="URL wagtail_localize:convert_to_alias at "
        f"admin/{CONVERT_TO_ALIAS_PATH}; views.convert.convert_to_alias; the page action "
        f"menu item named {CONVERT_TO_ALIAS_MENU_ITEM!r}",
        lives_in="cms/workflows/views.py: convert_to_alias_if_publisher (registered in "
        "cms/workflows/wagtail_hooks.py, which also hides the menu item)",
        works_around="convert_to_alias checks only that the user may edit the page, then "
        "replaces the translation with its source's latest revision (published when the page "
        "is live) and deletes the translation record: a translator could publish "
        "source-language content without review.",
        upstream=(
            NONE_FOUND + " on its permission; the action came with "
            "https://github.com/wagtail/wagtail-localize/pull/515",
        ),
        remove_when="convert_to_alias requires publish permission on the page.",
    ),
    VendorPatch(
        name="update-translations-url",
        vendor="wagtail-localize",
        relies_on="URL wagtail_localize:update_translations at "
        f"admin/{UPDATE_TRANSLATIONS_PATH}; subclass of "
        "views.update_translations.UpdateTranslationsView (get_form, post, "
        "render_to_response, its form's publish_translations field)",
        lives_in="cms/core/vendor_patches/localize.py: ReviewedUpdateTranslationsView, "
        "registered in cms/workflows/wagtail_hooks.py",
        works_around="'Sync translated pages' with 'Publish immediately' publishes every "
        "translation for anyone with submit_translation, whatever their publish permission.",
        upstream=(NONE_FOUND,),
        remove_when="UpdateTranslationsView offers publish_translations only to users who may "
        "publish each translation.",
    ),
    VendorPatch(
        name="untranslated-segment-paths",
        vendor="wagtail-localize",
        relies_on="The StringSegment / StringTranslation rows of a translation (a missing "
        "StringTranslation means the segment shows the source text, with fallback=True) and "
        "the segment context paths: the field name, then for StreamField blocks "
        "'<field>.<block id>[.<child>…]'",
        lives_in="cms/core/localization.py: SourceLanguageParts (used by templates and "
        "includes/stream.html to mark untranslated parts with lang)",
        works_around="Not a bug: wagtail-localize shows the source text for segments nobody "
        "has translated and offers no API to ask which those are; the project reads its rows.",
        upstream=(NONE_FOUND,),
        remove_when="wagtail-localize exposes which parts of a translation fall back to the "
        "source (or the project stops marking them).",
    ),
    VendorPatch(
        name="edit-translation-template",
        vendor="wagtail-localize",
        relies_on="Template wagtail_localize/admin/edit_translation.html and its "
        "{% block content %}; its context (is_page, page_perms, instance); the translation "
        "editor's 'Convert to alias' link containing /convert_to_alias/; wagtail-localize's "
        "before_edit_page / before_edit_snippet hooks serving the editor at the edit URL, "
        "after the project's hooks registered with order=-1",
        lives_in="cms/workflows/templates/wagtail_localize/admin/edit_translation.html; the "
        "POST it sends is handled in cms/workflows/wagtail_hooks.py",
        works_around="The translation editor only offers to publish; people who may not "
        "publish need 'Submit translation for review', and must not see 'Convert to alias'.",
        upstream=(
            "https://github.com/wagtail/wagtail-localize/issues/676 (related: the editor and "
            "Wagtail's workflows are disconnected; open)",
        ),
        remove_when="wagtail-localize's translation editor offers 'Submit for moderation' "
        "(Wagtail workflows) and hides alias conversion from non-publishers.",
    ),
)
