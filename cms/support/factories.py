import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from .models import Helpline, SupportPage, SupportResource


class HelplineFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Helpline {n}")
    phone_number = "0000 000 000"
    open_24_7 = True
    countries = "Exampleland"
    is_crisis_line = True
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Helpline


class SupportResourceFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Support resource {n}")
    kind = "counselling"
    description = "Free, confidential support whenever you need it."
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = SupportResource


class SupportPageFactory(wagtail_factories.PageFactory):
    title = "Get support"
    slug = "support"
    introduction = "You do not have to face things alone. Here is where to turn."

    class Meta:
        model = SupportPage
