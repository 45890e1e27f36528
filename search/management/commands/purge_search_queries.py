from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.promotions import purge_old_queries


class Command(BaseCommand):
    help = (
        "Delete anonymous search-query counts older than SEARCH_QUERY_RETENTION_DAYS "
        "(and queries no editors' pick uses). Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of SEARCH_QUERY_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        days = settings.SEARCH_QUERY_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        hits, queries = purge_old_queries(days)
        self.stdout.write(f"Deleted {hits} daily counts and {queries} queries (kept {days} days).")
