from django.urls import path, register_converter

from . import views


class AudioExtensionConverter:
    regex = "mp3|m4a|aac|opus|ogg|wav"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TranscriptExtensionConverter(AudioExtensionConverter):
    regex = "vtt|txt"


class RowIdConverter:
    """A row id: at most 18 digits (a 40-digit id overflows the database's integer: a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RowIdConverter, "row_id")
register_converter(AudioExtensionConverter, "audio_ext")
register_converter(TranscriptExtensionConverter, "transcript_ext")

app_name = "library"
urlpatterns = [
    path("audio/<row_id:audio_id>/<slug:slug>.<audio_ext:ext>", views.audio, name="audio"),
    path(
        "transcripts/<row_id:transcript_id>.<transcript_ext:ext>",
        views.transcript,
        name="transcript",
    ),
    path("feeds/shows/<row_id:show_id>.rss", views.show_feed, name="show_feed"),
    path("feeds/reset-token/", views.reset_feed_token, name="reset_feed_token"),
]
