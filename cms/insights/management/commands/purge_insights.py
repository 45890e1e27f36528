from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.insights.rollup import purge


class Command(BaseCommand):
    help = "Delete insights daily rows older than INSIGHTS_RETENTION_DAYS (default 730)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days instead, this once."
        )

    def handle(self, *args, days=None, **options):
        days = settings.INSIGHTS_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = purge(days)
        self.stdout.write(f"Deleted {deleted} insights row(s) older than {days} days.")
