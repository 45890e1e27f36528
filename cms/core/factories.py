"""Factories for the core models. Tests use them, and `load_demo` builds the demo from them."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale
from wagtail.rich_text import RichText

from .models import CustomImage, HomePage, StandardPage
from .taxonomy import Pillar, Topic


class GroupFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Group {n}")

    class Meta:
        model = Group
        django_get_or_create = ("name",)


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("password")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*extracted)


class CustomImageFactory(DjangoModelFactory):
    """An image in the root collection (wagtail-factories' own would add a new root each time)."""

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=1200, height=800, color="#8a2f4f")
    collection = factory.LazyFunction(Collection.get_first_root_node)

    class Meta:
        model = CustomImage


def sample_body(heading="Why talking helps"):
    return [
        ("heading", {"text": heading, "level": "h2"}),
        (
            "paragraph",
            RichText(
                "<p>Talking about how we feel is how we look after each other. "
                "You do not need the right words: listening is a good place to start.</p>"
            ),
        ),
    ]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Heart & Soul"
    slug = "home"
    introduction = "Podcasts, playlists and support for your mental health."
    body = factory.LazyFunction(sample_body)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"About the programme {n}")
    introduction = "What Heart & Soul offers and how to take part."
    body = factory.LazyFunction(sample_body)

    class Meta:
        model = StandardPage


class PillarFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Pillar {n}")
    slug = factory.Sequence(lambda n: f"pillar-{n}")
    description = "One of the programme's priorities."
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Pillar


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic
