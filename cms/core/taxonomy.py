"""The programme's taxonomy: its three pillars and the topics pages are tagged with.

Both are translatable snippets. Pages keep pointing at the snippet the editor chose (usually the
default-language one) and templates show its translation: see `cms.core.localization`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .reviewed import ReviewedSnippet


class SlugUniqueInLocaleMixin:
    """A clear form error instead of a database error when a slug is taken in this language.

    (The database constraint includes `locale`, which admin forms do not show, so Django's own
    constraint validation skips it.)"""

    def clean(self):
        super().clean()
        if self.slug and self.locale_id:
            taken = type(self).objects.filter(locale_id=self.locale_id, slug=self.slug)
            if taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "slug": _("Another %(kind)s in this language already uses this short name.")
                        % {"kind": self._meta.verbose_name}
                    }
                )


class Pillar(
    SlugUniqueInLocaleMixin, ReviewedSnippet, TranslatableMixin, index.Indexed, models.Model
):
    """One of the programme's three priorities; every campaign serves one."""

    # A handful of rows per language, shown on most pages: `localize_all` reads their
    # translations from the page cache's frame (cms.core.localization.cached_translations).
    translations_cached = True

    ICON_CHOICES = [
        ("lightbulb", _("Light bulb (knowledge)")),
        ("heart", _("Heart (care and support)")),
        ("speech", _("Speech bubble (conversation)")),
    ]
    # Each colour is a CSS theme in site.css, checked for AA contrast with white text.
    COLOUR_CHOICES = [
        ("plum", _("Plum")),
        ("teal", _("Teal")),
        ("indigo", _("Indigo")),
    ]
    ICON_SYMBOLS = {"lightbulb": "💡", "heart": "♥", "speech": "💬"}

    title = models.CharField(
        max_length=120,
        verbose_name=_("title"),
        help_text=_("The pillar's name as employees see it, e.g. “Normalise the conversation”."),
    )
    slug = models.SlugField(
        max_length=80,
        verbose_name=_("short name"),
        help_text=_(
            "A short name for web addresses and filters. It stays the same in every language."
        ),
    )
    description = models.TextField(
        max_length=400,
        verbose_name=_("description"),
        help_text=_("One or two sentences on what this pillar is for."),
    )
    icon = models.CharField(
        max_length=20,
        verbose_name=_("icon"),
        choices=ICON_CHOICES,
        default="heart",
        help_text=_("The symbol shown next to the pillar's name."),
    )
    colour = models.CharField(
        max_length=20,
        verbose_name=_("colour"),
        choices=COLOUR_CHOICES,
        default="plum",
        help_text=_("The colour used for this pillar's labels and campaign cards."),
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0,
        verbose_name=_("sort order"),
        help_text=_("Lower numbers come first in lists and filters."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("icon"), FieldPanel("colour"), FieldPanel("sort_order")]),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("icon", overridable=False),
        SynchronizedField("colour", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["sort_order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="core_pillar_unique_slug")
        ]

    def __str__(self):
        return self.title

    @property
    def icon_symbol(self):
        return self.ICON_SYMBOLS.get(self.icon, "")


class Topic(
    SlugUniqueInLocaleMixin, ReviewedSnippet, TranslatableMixin, index.Indexed, models.Model
):
    """A subject pages are tagged with (anxiety, burnout, grief, …), for filters and listings."""

    translations_cached = True  # (as Pillar's)

    name = models.CharField(
        max_length=80,
        verbose_name=_("name"),
        help_text=_("The topic as employees see it, e.g. “Burnout”. Keep it short."),
    )
    slug = models.SlugField(
        max_length=80,
        verbose_name=_("short name"),
        help_text=_(
            "A short name for web addresses and filters. It stays the same in every language."
        ),
    )
    description = models.TextField(
        blank=True,
        max_length=400,
        verbose_name=_("description"),
        help_text=_("Optional: one sentence shown on lists of everything about this topic."),
    )
    about_suicide_or_self_harm = models.BooleanField(
        default=False,
        verbose_name=_("about suicide or self-harm"),
        help_text=_(
            "Pages with this topic must offer a route to help (a “Talk to someone” block or a "
            "link to the support page) before a wellbeing reviewer may approve them."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("about_suicide_or_self_harm"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug", overridable=False),
        SynchronizedField("about_suicide_or_self_harm", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="core_topic_unique_slug")
        ]

    def __str__(self):
        return self.name


def topics_by_id(ids):
    """{id: Topic} for `ids`: with the page cache on, from every topic kept with its frame
    (publishing, unpublishing or deleting a snippet moves it on), so a listing's topic tags cost
    no query; a topic the frame does not hold yet (just created) is read from the database."""
    from .page_cache import generation_cached, page_cache_seconds

    ids = set(ids)
    if not ids:
        return {}
    if not page_cache_seconds():
        return Topic.objects.in_bulk(ids)
    every = generation_cached(
        "topics-by-id", [], lambda: {topic.pk: topic for topic in Topic.objects.all()}, frame=True
    )
    found = {pk: every[pk] for pk in ids if pk in every}
    missing = ids - found.keys()
    if missing:
        found.update(Topic.objects.in_bulk(missing))
    return found
