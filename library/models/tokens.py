"""Personal podcast feed tokens: the secret in an employee's feed URLs, stored hashed."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Where reset_feed_token leaves the new full key for the show page to show once.
NEW_FEED_KEY_SESSION_KEY = "library:new-feed-key"


class PodcastFeedToken(models.Model):
    """The secret in an employee's personal podcast feed URLs, stored as its SHA-256 only.

    The full token is shown once, when it is made (`issue`); a database dump or an admin screen
    never shows it. Issuing again revokes the old URLs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="podcast_feed_token"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("podcast feed token")
        verbose_name_plural = _("podcast feed tokens")

    def __str__(self):
        return f"Feed token for {self.user}"

    @staticmethod
    def hash_key(key):
        # A random 256-bit key needs no salt or slow hash: nothing to guess from its digest.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user):
        """A new token for `user`, replacing any old one: returns the full key (show it once)."""
        key = secrets.token_urlsafe(32)
        cls.objects.update_or_create(user=user, defaults={"key_hash": cls.hash_key(key)})
        return key

    @classmethod
    def owner_of(cls, key):
        """The active user whose token `key` is, or None."""
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash_key(key), user__is_active=True)
            .first()
        )
        return token.user if token else None
