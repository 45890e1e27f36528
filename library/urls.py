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


register_converter(AudioExtensionConverter, "audio_ext")
register_converter(TranscriptExtensionConverter, "transcript_ext")

app_name = "library"
urlpatterns = [
    path("audio/<int:audio_id>/<slug:slug>.<audio_ext:ext>", views.audio, name="audio"),
    path(
        "transcripts/<int:transcript_id>.<transcript_ext:ext>", views.transcript, name="transcript"
    ),
    path("feeds/shows/<int:show_id>.rss", views.show_feed, name="show_feed"),
    path("feeds/reset-token/", views.reset_feed_token, name="reset_feed_token"),
]
