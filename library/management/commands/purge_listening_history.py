from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from library.listening.models import ListeningPosition


class Command(BaseCommand):
    help = (
        "Delete listeners' resume positions (listening history) not updated for "
        "LISTENING_HISTORY_DAYS days. Saved episodes and playlists are kept. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of LISTENING_HISTORY_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        days = settings.LISTENING_HISTORY_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.now() - timedelta(days=days)
        deleted, _by_model = ListeningPosition.objects.filter(updated_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} listening positions older than {days} days.")
