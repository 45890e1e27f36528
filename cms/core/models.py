from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image, get_upload_to
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.localization import SourceLanguageParts, base_page_translatable_fields
from cms.core.routing import DirectRoutingMixin, SingleQueryViewRestrictionsMixin
from cms.storage import get_public_storage

from .blocks import BaseStreamBlock
from .choosers import LocalePageForm
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


class BasePage(SingleQueryViewRestrictionsMixin, KeepLiveRowMixin, Page):
    """Fields every page of the site shares. Abstract: wagtail-localize needs the stock Page."""

    # Topics, pillars, episodes and playlists chosen in the page's own language (issue #14).
    base_form_class = LocalePageForm

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


class HomePage(RoutablePageMixin, DirectRoutingMixin, OnePerLocaleMixin, BasePage):
    """The root of one language's site and the programme's front door: exactly one per locale.

    It shows, in order: continue listening (per listener), the running campaign, the three
    pillars, new episodes, the editors' featured playlists and quick links to help, then the
    body. Each pillar has its own listing under this page (`pillars/<slug>/`), so it stays
    behind the language's login restriction. What it lists is gathered in `cms.core.home`.
    """

    pillars_introduction = models.CharField(
        blank=True,
        max_length=250,
        verbose_name=_("pillars introduction"),
        help_text=_(
            "One sentence above the three pillars, e.g. “Everything we do serves one of three "
            "priorities.” Leave empty to show the pillars without it."
        ),
    )
    new_episode_count = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        verbose_name=_("number of new episodes"),
        help_text=_("How many of the newest episodes to show (1 to 12)."),
    )
    featured_playlists_introduction = models.CharField(
        blank=True,
        max_length=250,
        verbose_name=_("featured playlists introduction"),
        help_text=_("Optional: one sentence above the playlists you feature."),
    )
    help_introduction = models.TextField(
        blank=True,
        max_length=400,
        verbose_name=_("help introduction"),
        help_text=_(
            "One or two sentences above the quick links to help, e.g. that counselling is free, "
            "confidential and open day and night. The links themselves come from the support "
            "page and its resources."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("Anything else, shown after the quick links to help."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("pillars_introduction"), FieldPanel("new_episode_count")],
            heading=_("Pillars and new episodes"),
            help_text=_(
                "The running campaign, the pillars and the newest episodes fill themselves in "
                "from what is published."
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("featured_playlists_introduction"),
                InlinePanel(
                    "featured_playlists",
                    label=_("Featured playlist"),
                    max_num=6,
                    heading=_("Featured playlists, in order"),
                ),
            ],
            heading=_("Featured playlists"),
        ),
        MultiFieldPanel([FieldPanel("help_introduction")], heading=_("Quick links to help")),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    translatable_fields = base_page_translatable_fields() + [
        TranslatableField("pillars_introduction"),
        SynchronizedField("new_episode_count", overridable=False),
        TranslatableField("featured_playlists_introduction"),
        # Every language features the same playlists, each shown in the reader's language.
        SynchronizedField("featured_playlists", overridable=False),
        TranslatableField("help_introduction"),
        TranslatableField("body"),
    ]

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

    def get_context(self, request, *args, **kwargs):
        from .home import front_door

        context = super().get_context(request, *args, **kwargs)
        context.update(front_door(self, request))
        return context

    @path("pillars/<slug:pillar_slug>/", name="pillar")
    def pillar_listing(self, request, pillar_slug):
        """Everything under one pillar in this language: campaigns, shows and playlists."""
        from django.http import Http404
        from django.template.response import TemplateResponse

        from .home import pillar_listing

        listing = pillar_listing(self, request, pillar_slug)
        if listing is None:
            raise Http404
        # BasePage's context (not the front door's): the listing has its own content.
        context = super().get_context(request)
        context.update(listing)
        return TemplateResponse(request, "core/pillar_page.html", context)

    @classmethod
    def pillar_path(cls, pillar_slug):
        """The pillar listing's path below a home page's URL, e.g. "pillars/awareness/"."""
        return cls.get_resolver().reverse("pillar", pillar_slug=pillar_slug)

    def get_cached_paths(self):
        """Paths a front-end cache must purge when this page changes: the page and its pillar
        listings (which also change when a campaign, show or playlist is published)."""
        # A pillar's short name is the same in every language.
        slugs = set(Pillar.objects.values_list("slug", flat=True))
        return ["/"] + ["/" + self.pillar_path(slug) for slug in sorted(slugs)]

    def pillar_url(self, pillar_slug, request=None):
        """The address of this language's listing for the pillar with this short name."""
        return (self.get_url(request) or "/") + self.pillar_path(pillar_slug)


class HomeFeaturedPlaylist(Orderable):
    """A playlist the editors put on the home page (the same in every language; readers see
    its translation when there is one)."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_playlists")
    playlist = models.ForeignKey(
        "library.PlaylistPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("playlist"),
        help_text=_(
            "The chooser lists the playlists in this page's language: readers see the "
            "playlist's translation in their language, or this one until it is translated."
        ),
    )

    panels = [PageChooserPanel("playlist", "library.PlaylistPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured playlist")
        verbose_name_plural = _("featured playlists")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "playlist"], name="core_home_unique_featured_playlist"
            )
        ]


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
