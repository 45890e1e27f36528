from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class CrisisTerm(models.Model):
    """A word or phrase that, in a search, suggests the visitor may be in crisis: their
    language's crisis helplines are then shown above every result.

    Safe-messaging: list feelings and intentions people type, never methods.
    """

    locale = models.ForeignKey(
        "wagtailcore.Locale",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("language"),
        help_text=_("The language the phrase is written in."),
    )
    phrase = models.CharField(
        max_length=100,
        verbose_name=_("phrase"),
        help_text=_(
            "Matched as whole words, ignoring case, e.g. “want to die”. Never add method words."
        ),
    )

    panels = [FieldPanel("locale"), FieldPanel("phrase")]

    class Meta:
        verbose_name = _("crisis search term")
        verbose_name_plural = _("crisis search terms")
        ordering = ["locale", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "phrase"], name="search_unique_crisis_term")
        ]

    def __str__(self):
        return self.phrase
