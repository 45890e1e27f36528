"""Delete abandoned straight-to-S3 audio uploads (run daily, beside the bucket's lifecycle rule).

A browser that closed mid-upload, or a form never saved, leaves a multipart upload or an object
under pending-uploads/. Anything there older than --hours (default 24) is removed: objects
deleted, multipart uploads aborted (their parts are billed until then)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from library.uploads import direct_upload_storage, purge_pending_uploads


class Command(BaseCommand):
    help = "Delete pending audio uploads older than a day (S3 only)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24.0)

    def handle(self, *args, hours, **options):
        storage = direct_upload_storage()
        if storage is None:
            self.stdout.write("Storage is not S3: no pending uploads.")
            return
        deleted, aborted = purge_pending_uploads(storage, older_than=timedelta(hours=hours))
        self.stdout.write(
            f"Deleted {deleted} pending object(s); aborted {aborted} multipart upload(s)."
        )
