"""The admin API's page endpoint, readable by translators for their link previews.

wagtail-localize's translation editor previews the source-language pages a block links to
through the admin API; a translator may read a source-language page by id because they
translate from it (see cms.core.vendor_patches.wagtail_admin.SourcePagesReadableAPIViewSet).
"""

from cms.core.vendor_patches.wagtail_admin import SourcePagesReadableAPIViewSet

from .roles import SUBMIT_TRANSLATION


class TranslatorReadablePagesAPIViewSet(SourcePagesReadableAPIViewSet):
    source_readers_permission = SUBMIT_TRANSLATION
