from django.core.management.base import BaseCommand

from cms.insights.rollup import rollup


class Command(BaseCommand):
    help = (
        "Roll up finished days of insights events into daily counts, then delete those days' "
        "listener hashes and salts. Run nightly (and safe to run more often)."
    )

    def handle(self, *args, **options):
        days = rollup()
        self.stdout.write(
            f"Rolled up {len(days)} day(s)" + (f": {', '.join(map(str, days))}" if days else ".")
        )
