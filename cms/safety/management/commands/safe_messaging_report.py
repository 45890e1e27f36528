import csv
import sys

from django.core.management.base import BaseCommand

from cms.safety.live_report import live_findings
from cms.safety.views import REPORT_COLUMNS, csv_safe


class Command(BaseCommand):
    help = (
        "List every live page and transcript with safe-messaging findings (CSV on stdout, or "
        "--output FILE). Exit status 1 with --fail-on-high when a high-severity finding exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Write the CSV to this file instead of stdout.")
        parser.add_argument("--fail-on-high", action="store_true")

    def handle(self, *args, **options):
        rows = live_findings()
        if options["output"]:
            with open(options["output"], "w", newline="", encoding="utf-8") as out:
                write_csv(out, rows)
        else:
            write_csv(self.stdout, rows)
        high = sum(1 for row in rows if row["severity_code"] == "high")
        self.stderr.write(f"{len(rows)} findings, {high} high.")
        if options["fail_on_high"] and high:
            sys.exit(1)


def write_csv(out, rows):
    writer = csv.writer(out)
    writer.writerow([key for key, _label in REPORT_COLUMNS])
    for row in rows:
        writer.writerow([csv_safe(row[key]) for key, _label in REPORT_COLUMNS])
