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


class FeedTokenConverter:
    """A personal feed token (secrets.token_urlsafe(32): 43 URL-safe characters)."""

    regex = "[A-Za-z0-9_-]{20,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RowIdConverter, "row_id")
register_converter(FeedTokenConverter, "feed_token")
register_converter(AudioExtensionConverter, "audio_ext")
register_converter(TranscriptExtensionConverter, "transcript_ext")

app_name = "library"
urlpatterns = [
    # Logged-in listeners (the player on the site).
    path("audio/<row_id:audio_id>/<slug:slug>.<audio_ext:ext>", views.audio, name="audio"),
    path(
        "transcripts/<row_id:transcript_id>.<transcript_ext:ext>",
        views.transcript,
        name="transcript",
    ),
    # Podcast apps: the personal token in the path, so access logs that drop query strings (or
    # log formats that keep only the path pattern) keep no usable token in query strings.
    path(
        "feeds/<feed_token:token>/shows/<row_id:show_id>.rss",
        views.show_feed,
        name="token_show_feed",
    ),
    path(
        "feeds/<feed_token:token>/audio/<row_id:audio_id>/<slug:slug>.<audio_ext:ext>",
        views.audio,
        name="token_audio",
    ),
    path(
        "feeds/<feed_token:token>/transcripts/<row_id:transcript_id>.<transcript_ext:ext>",
        views.transcript,
        name="token_transcript",
    ),
    # The canonical feed address (podcast GUID); with the old ?token= it redirects to the path form.
    path("feeds/shows/<row_id:show_id>.rss", views.show_feed, name="show_feed"),
    path("feeds/reset-token/", views.reset_feed_token, name="reset_feed_token"),
]
