"""Routes to help: helplines per language, the programme's own support resources, and one
support page per language that lists them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.localization import base_page_translatable_fields
from cms.core.models import BasePage, OnePerLocaleMixin
from cms.core.reviewed import ReviewedSnippet

# Shown when a language has no crisis line of its own, and on every support page.
DEFAULT_FALLBACK_URL = "https://findahelpline.com/"


class Helpline(ReviewedSnippet, TranslatableMixin, index.Indexed, models.Model):
    """A phone line or chat service. Each language has its own list: translate one to reuse it
    (an international line), or add one in that language (a national line)."""

    name = models.CharField(
        max_length=120,
        verbose_name=_("name"),
        help_text=_("The service's own name, e.g. “Samaritans”."),
    )
    phone_number = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("phone number"),
        help_text=_("As people dial it, e.g. “116 123”. Leave empty for a web or chat service."),
    )
    url = models.URLField(
        blank=True,
        verbose_name=_("web address"),
        help_text=_("The service's website or chat page. A phone number, a link or both."),
    )
    open_24_7 = models.BooleanField(
        default=False,
        verbose_name=_("open 24/7"),
        help_text=_("Tick when the line answers at any hour, every day."),
    )
    hours = models.CharField(
        max_length=120,
        blank=True,
        verbose_name=_("opening hours"),
        help_text=_("Opening hours when not 24/7, e.g. “Mon–Fri 9:00–17:00 CET”."),
    )
    countries = models.CharField(
        max_length=200,
        verbose_name=_("countries"),
        help_text=_("Where the line can be reached, e.g. “UK and Ireland”."),
    )
    is_crisis_line = models.BooleanField(
        default=False,
        verbose_name=_("crisis line"),
        help_text=_(
            "Tick for lines that help people in crisis right now. The first crisis line of a "
            "language is shown in the banner on every page."
        ),
    )
    description = models.CharField(
        max_length=250,
        blank=True,
        verbose_name=_("description"),
        help_text=_("Optional: one sentence on who the line is for, e.g. “Free and confidential”."),
    )
    verified_on = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("verified on"),
        help_text=_(
            "When someone last called the service or checked its website to confirm the number "
            "and hours. Check every few months."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0,
        verbose_name=_("sort order"),
        help_text=_("Lower numbers come first; the banner uses the first crisis line."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("phone_number"), FieldPanel("url")]),
        FieldRowPanel([FieldPanel("open_24_7"), FieldPanel("hours")]),
        FieldPanel("countries"),
        FieldPanel("description"),
        FieldRowPanel(
            [FieldPanel("is_crisis_line"), FieldPanel("sort_order"), FieldPanel("verified_on")]
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("countries"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
        index.FilterField("translation_key"),
        index.FilterField("live"),
        index.FilterField("is_crisis_line"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("hours"),
        TranslatableField("countries"),
        TranslatableField("description"),
        # Overridable: a translation may carry the number and site for its own country.
        SynchronizedField("phone_number", overridable=True),
        SynchronizedField("url", overridable=True),
        SynchronizedField("open_24_7", overridable=False),
        SynchronizedField("is_crisis_line", overridable=False),
        SynchronizedField("verified_on", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        ordering = ["-is_crisis_line", "sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.phone_number and not self.url:
            raise ValidationError(
                _("Give a phone number, a website, or both, so people can reach the line.")
            )
        if not self.open_24_7 and not self.hours:
            raise ValidationError({"hours": _("Give the opening hours, or tick “open 24/7”.")})

    @property
    def tel_href(self):
        """The number for a `tel:` link: digits and a leading plus only."""
        return "".join(ch for ch in self.phone_number if ch.isdigit() or ch == "+")


class SupportResource(ReviewedSnippet, TranslatableMixin, index.Indexed, models.Model):
    """One of the programme's own routes to help: counselling, first aiders, ambassadors, …"""

    KIND_CHOICES = [
        ("counselling", _("24/7 short-term counselling")),
        ("first-aiders", _("Mental Health First Aiders")),
        ("ambassadors", _("Ambassadors")),
        ("self-care", _("Self-care tools")),
        ("other", _("Other")),
    ]

    title = models.CharField(
        max_length=120,
        verbose_name=_("title"),
        help_text=_("What employees look for, e.g. “Talk to a counsellor”."),
    )
    kind = models.CharField(
        max_length=20,
        verbose_name=_("kind of help"),
        choices=KIND_CHOICES,
        help_text=_("Which kind of help this is; it groups resources on the support page."),
    )
    description = models.TextField(
        max_length=600,
        verbose_name=_("description"),
        help_text=_(
            "Who it is for, what happens when you get in touch, and that it is confidential."
        ),
    )
    link_url = models.URLField(
        blank=True,
        verbose_name=_("link address"),
        help_text=_("Where to go: a booking page, an intranet page or an app."),
    )
    link_text = models.CharField(
        max_length=80,
        blank=True,
        verbose_name=_("link text"),
        help_text=_("The link's words, e.g. “Book a call”. Needed when there is a link."),
    )
    phone_number = models.CharField(
        max_length=40,
        blank=True,
        verbose_name=_("phone number"),
        help_text=_("Optional: a number to call, as people dial it."),
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("sort order"), help_text=_("Lower numbers come first.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("link_url"), FieldPanel("link_text")]),
        FieldRowPanel([FieldPanel("phone_number"), FieldPanel("sort_order")]),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("locale_id"),
        index.FilterField("translation_key"),
        index.FilterField("live"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("description"),
        TranslatableField("link_text"),
        SynchronizedField("kind", overridable=False),
        SynchronizedField("link_url", overridable=True),
        SynchronizedField("phone_number", overridable=True),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("support resource")
        verbose_name_plural = _("support resources")
        ordering = ["sort_order", "title"]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.link_url and not self.link_text:
            raise ValidationError({"link_text": _("Give the link some words, e.g. “Book a call”.")})
        if self.link_text and not self.link_url:
            raise ValidationError({"link_url": _("Give the address the link goes to.")})

    @property
    def tel_href(self):
        return "".join(ch for ch in self.phone_number if ch.isdigit() or ch == "+")


class SupportContactBlock(blocks.StructBlock):
    role = blocks.ChoiceBlock(
        label=_("Role"),
        choices=[
            ("first-aider", _("Mental Health First Aider")),
            ("ambassador", _("Ambassador")),
        ],
        help_text=_("What this person offers."),
    )
    name = blocks.CharBlock(
        label=_("Name"), max_length=120, help_text=_("Ask the person's consent first.")
    )
    location = blocks.CharBlock(
        label=_("Location"),
        max_length=120,
        required=False,
        help_text=_("Office, team or region they cover."),
    )
    email = blocks.EmailBlock(
        label=_("E-mail"), required=False, help_text=_("A work e-mail address.")
    )
    phone_number = blocks.CharBlock(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("A work number, as people dial it."),
    )

    ROLE_LABELS = {
        "first-aider": _("Mental Health First Aider"),
        "ambassador": _("Ambassador"),
    }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["role_label"] = self.ROLE_LABELS.get(value.get("role"), "")
        return context

    class Meta:
        icon = "user"
        template = "support/blocks/support_contact_block.html"
        description = _("A Mental Health First Aider or ambassador employees can contact.")
        preview_value = {
            "role": "first-aider",
            "name": "Alex Example",
            "location": "Stockholm office",
            "email": "alex.example@example.com",
        }


class SupportPage(OnePerLocaleMixin, BasePage):
    """Every route to help for one language: crisis lines, the programme's resources, people
    to talk to, and a fallback for countries not listed. One per language."""

    banner_text = models.CharField(
        max_length=120,
        verbose_name=_("banner text"),
        default="Need to talk to someone now?",
        help_text=_(
            "The question in the support banner at the top of every page, in this language."
        ),
    )
    banner_link_text = models.CharField(
        max_length=80,
        verbose_name=_("banner link text"),
        default="All ways to get support",
        help_text=_("The words of the banner's link to this page, in this language."),
    )
    contacts = StreamField(
        [("contact", SupportContactBlock(label=_("Contact")))],
        blank=True,
        verbose_name=_("people to contact"),
        help_text=_("Mental Health First Aiders and ambassadors, with their consent."),
    )
    fallback_text = models.TextField(
        max_length=600,
        verbose_name=_("text for countries not listed"),
        default=(
            "If your country is not listed, an international directory lists free, confidential "
            "helplines in many countries. If you are in immediate danger, call your local "
            "emergency number."
        ),
        help_text=_("Shown after the helplines, for everyone whose country is not listed."),
    )
    fallback_url = models.URLField(
        default=DEFAULT_FALLBACK_URL,
        verbose_name=_("international helpline directory"),
        help_text=_("An international directory of helplines, checked before launch."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("banner_text"), FieldPanel("banner_link_text")],
            heading=_("Support banner on every page"),
        ),
        FieldPanel("contacts"),
        MultiFieldPanel(
            [FieldPanel("fallback_text"), FieldPanel("fallback_url")],
            heading=_("If a country is not listed"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("fallback_text")]
    translatable_fields = base_page_translatable_fields() + [
        TranslatableField("banner_text"),
        TranslatableField("banner_link_text"),
        TranslatableField("contacts"),
        TranslatableField("fallback_text"),
        SynchronizedField("fallback_url", overridable=True),
    ]

    one_per_locale_message = _(
        "This language already has a support page. Edit or translate that one instead."
    )

    parent_page_types = ["core.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("support page")
        verbose_name_plural = _("support pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["helplines"] = list(Helpline.objects.filter(locale_id=self.locale_id, live=True))
        context["resources"] = list(
            SupportResource.objects.filter(locale_id=self.locale_id, live=True)
        )
        return context
