from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from cms.safety import review_dates


class Command(BaseCommand):
    help = (
        "Daily: find live content past its review-by date and helplines to verify; tell the "
        "wellbeing reviewers (e-mail digest), show the 'being reviewed' note after "
        "REVIEW_GRACE_DAYS, and write each step to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--no-email", action="store_true", help="Do not send the digest.")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            today = parse_date(options["today"])
            if today is None:
                raise CommandError("--today must be a date like 2026-12-31.")
        result = review_dates.run(today=today, send_digest=not options["no_email"])
        self.stdout.write(
            f"{len(result['overdue'])} pages overdue, "
            f"{len(result['notices_added'])} notes shown, "
            f"{len(result['notices_removed'])} notes removed, "
            f"{len(result['helplines'])} helplines to verify; "
            f"digest to {len(result.get('digest_sent_to', []))} reviewers."
        )
