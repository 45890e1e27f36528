from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from cms.storage import StorageOutageFormErrorMixin

from .choosers import AudioChooserViewSet
from .models import AudioFile, Transcript
from .upload_views import UploadScriptAnswerMixin


class AudioFileCreateView(UploadScriptAnswerMixin, StorageOutageFormErrorMixin, CreateView):
    pass


class AudioFileEditView(UploadScriptAnswerMixin, StorageOutageFormErrorMixin, EditView):
    pass


class AudioFileViewSet(SnippetViewSet):
    model = AudioFile
    icon = "media"
    # Recordings in the edited page's language first.
    chooser_viewset_class = AudioChooserViewSet
    # An S3 outage during an upload is a form error ("nothing was saved"), not a 500.
    add_view_class = AudioFileCreateView
    edit_view_class = AudioFileEditView
    menu_label = _("Audio files")
    list_display = ["title", "language", "duration_text", "created_at"]
    list_filter = ["language"]
    search_fields = ["title"]
    ordering = ["-created_at"]


class TranscriptViewSet(SnippetViewSet):
    model = Transcript
    icon = "doc-full"
    menu_label = _("Transcripts")
    list_display = ["title", "locale"]
    search_fields = ["title", "text"]


class LibraryViewSetGroup(SnippetViewSetGroup):
    items = (AudioFileViewSet, TranscriptViewSet)
    menu_icon = "media"
    menu_label = _("Audio library")
    menu_name = "audio-library"


register_snippet(LibraryViewSetGroup)
