from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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
from .upload_views import urlpatterns as upload_urls


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


@hooks.register("register_admin_urls")
def register_upload_urls():
    """The audio form's straight-to-S3 upload endpoints (library/upload_views.py)."""
    return [path("audio-uploads/", include((upload_urls, "library_uploads")))]
