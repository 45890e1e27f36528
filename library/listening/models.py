"""What the site remembers about one listener's listening: where they stopped, what they saved,
and whether they want any of it remembered.

Health-adjacent data about one person. Only that person reads or changes it (library.listening
views); none of these models is registered in the admin, as a snippet, in a report, an export or
the API, and tests/library/listening/test_privacy.py proves no admin URL lists them.
"""

from django.conf import settings
from django.db import models


class ListeningPosition(models.Model):
    """Where one listener stopped in one episode: drives resume, markers and "recently played".

    Rows older than LISTENING_HISTORY_DAYS are purged (manage.py purge_listening_history).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listening_positions"
    )
    episode = models.ForeignKey(
        "library.EpisodePage", on_delete=models.CASCADE, related_name="listening_positions"
    )
    position_seconds = models.FloatField(default=0)
    duration_seconds = models.FloatField(default=0)
    finished = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "episode"], name="listening_one_position"),
            models.CheckConstraint(
                condition=models.Q(position_seconds__gte=0, duration_seconds__gte=0),
                name="listening_position_not_negative",
            ),
        ]
        indexes = [
            # "Recently played" and "continue listening": one listener's newest rows first.
            models.Index(fields=["user", "-updated_at"], name="listening_recent"),
            # "Continue listening": the newest unfinished rows, without reading finished ones.
            models.Index(
                fields=["user", "-updated_at"],
                condition=models.Q(finished=False),
                name="listening_in_progress",
            ),
            # The purge: every row older than the retention period.
            models.Index(fields=["updated_at"], name="listening_updated"),
        ]

    def __str__(self):
        return f"Listening position #{self.pk}"


class SavedItem(models.Model):
    """An episode or playlist a listener chose to keep ("Save"). Not history: clearing or
    switching off history leaves it, and the purge does not touch it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_listening_items"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="listening_saved_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="listening_saved_recent")]

    def __str__(self):
        return f"Saved item #{self.pk}"


class ListeningPreference(models.Model):
    """A listener's choice about history. No row means the default: remember."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listening_preference"
    )
    remember_history = models.BooleanField(default=True)

    def __str__(self):
        return f"Listening preference #{self.pk}"
