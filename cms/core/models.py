from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image, get_upload_to
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from cms.core.localization import SourceLanguageParts, base_page_translatable_fields
from cms.storage import get_public_storage

from .blocks import BaseStreamBlock
from .reviewed import KeepLiveRowMixin
from .taxonomy import Pillar, Topic  # noqa: F401  (the taxonomy lives in its own module)


class CustomImage(AbstractImage):
    """Wagtail's image, kept in the public media storage (artwork is not sensitive)."""

    file = models.ImageField(
        verbose_name=_("file"),
        upload_to=get_upload_to,
        width_field="width",
        height_field="height",
        storage=get_public_storage,
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        verbose_name = _("image rendition")
        verbose_name_plural = _("image renditions")
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class BasePage(KeepLiveRowMixin, Page):
    """Fields every page of the site shares. Abstract: wagtail-localize needs the stock Page."""

    introduction = models.TextField(
        blank=True,
        verbose_name=_("introduction"),
        max_length=600,
        help_text=_("One or two sentences shown under the title and in listings."),
    )
    content_notes = models.CharField(
        blank=True,
        verbose_name=_("content notes"),
        max_length=255,
        help_text=_(
            "Short, factual notes shown before the content, for example "
            "“Discusses grief and loss.” They inform; they never block access."
        ),
    )
    listing_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("listing image"),
        help_text=_("Shown when this page appears in listings and search results."),
    )

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("content_notes"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("content_notes"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("show_in_menus")],
            heading=_("Listings and navigation"),
        ),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looked up (one query) only when a template marks untranslated parts with `lang`.
        context["untranslated"] = SourceLanguageParts(self)
        return context


class OnePerLocaleMixin:
    """A page type each language has at most one of (its home, campaign index, support page).

    Subclasses set `one_per_locale_message`: what an editor reads when adding a second one.
    """

    one_per_locale_message = None

    @classmethod
    def can_create_at(cls, parent):
        return (
            super().can_create_at(parent)
            and not cls.objects.filter(locale_id=parent.locale_id).exists()
        )

    def clean(self):
        super().clean()
        if (
            self.locale_id
            and type(self).objects.filter(locale_id=self.locale_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(self.one_per_locale_message)


class HomePage(OnePerLocaleMixin, BasePage):
    """The root of one language's site: exactly one per locale."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    translatable_fields = base_page_translatable_fields() + [TranslatableField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "library.LibraryIndexPage",
        "campaigns.CampaignIndexPage",
        "support.SupportPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    one_per_locale_message = _("This language already has a home page. Translate that one instead.")

    @classmethod
    def can_create_at(cls, parent):
        # Home pages sit at the tree root, which has no language of its own: offer one while
        # some language still lacks a home page.
        locales_with_home = cls.objects.values("locale").distinct().count()
        # (The mixin's per-parent-locale rule does not apply at the root: skip past it.)
        return (
            super(OnePerLocaleMixin, cls).can_create_at(parent)
            and locales_with_home < Locale.objects.count()
        )


class StandardPage(BasePage):
    """A general-purpose content page: about the programme, how to get help, and so on."""

    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    translatable_fields = base_page_translatable_fields() + [TranslatableField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
