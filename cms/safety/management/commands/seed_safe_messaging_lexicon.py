from django.core.management.base import BaseCommand
from wagtail.models import Locale

from cms.safety.lexicon import seed_lexicon


class Command(BaseCommand):
    help = (
        "Add the seed safe-messaging lexicon entries a language lacks (never changes edited ones)."
    )

    def handle(self, *args, **options):
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        added = seed_lexicon(locales)
        self.stdout.write(f"{added} lexicon entries added.")
