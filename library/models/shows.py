"""The library index page (a language's front door) and podcast show pages."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.access import visible_q
from cms.core.localization import base_page_translatable_fields
from cms.core.models import BasePage

from .episodes import EpisodePage
from .playlists import PlaylistPage
from .tokens import NEW_FEED_KEY_SESSION_KEY

APPLE_PODCAST_CATEGORIES = [
    ("Health & Fitness|Mental Health", _("Health & Fitness › Mental Health")),
    ("Health & Fitness|Alternative Health", _("Health & Fitness › Alternative Health")),
    ("Health & Fitness|Medicine", _("Health & Fitness › Medicine")),
    ("Education|Self-Improvement", _("Education › Self-Improvement")),
    ("Society & Culture|Relationships", _("Society & Culture › Relationships")),
]


class LibraryIndexPage(BasePage):
    """The library's front door in one language: shows and playlists."""

    translatable_fields = base_page_translatable_fields()

    parent_page_types = ["core.HomePage"]
    subpage_types = ["library.PodcastShowPage", "library.PlaylistPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("library index page")
        verbose_name_plural = _("library index pages")

    def get_context(self, request, *args, **kwargs):
        from cms.core.home import listing_page

        context = super().get_context(request, *args, **kwargs)
        # One page of each list (LISTING_PAGE_SIZE): the same queries and size for 5 or 500.
        # Only what this reader may see (cms.core.access, as SQL: no query of its own), so a
        # group-only show or playlist never shows its title or description to anyone else.
        visible = visible_q(request.user)
        context["shows"] = listing_page(
            PodcastShowPage.objects.child_of(self)
            .live()
            .filter(visible)
            .select_related("locale", "artwork")
            .prefetch_related("artwork__renditions"),
            request,
            "shows",
        )
        context["playlists"] = listing_page(
            PlaylistPage.objects.child_of(self).live().filter(visible).select_related("locale"),
            request,
            "playlists",
        )
        return context


class PodcastShowPage(BasePage):
    serve_related = ("pillar", "artwork")  # loaded with the page when served (cms.core.routing)

    pillar = models.ForeignKey(
        "core.Pillar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pillar"),
        help_text=_(
            "The programme priority this show serves most. The show is listed under it on the "
            "home page and the pillar's page."
        ),
    )
    artwork = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("artwork"),
        help_text=_("Square, at least 1400×1400 px (podcast apps require it)."),
    )
    description = models.TextField(
        verbose_name=_("description"),
        help_text=_("What the show is about, for the show page and podcast apps. Plain text."),
    )
    category = models.CharField(
        max_length=100,
        choices=APPLE_PODCAST_CATEGORIES,
        default=APPLE_PODCAST_CATEGORIES[0][0],
        verbose_name=_("category"),
        help_text=_("The category podcast apps file the show under."),
    )
    host_names = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("hosts"),
        help_text=_("Who hosts the show, e.g. “Sam Lee and Ana Ruiz”."),
    )
    explicit = models.BooleanField(
        default=False,
        verbose_name=_("explicit content"),
        help_text=_("Tick if episodes contain explicit language."),
    )
    owner_name = models.CharField(
        max_length=255, blank=True, default="Heart & Soul team", verbose_name=_("owner name")
    )
    owner_email = models.EmailField(
        blank=True,
        verbose_name=_("owner e-mail address"),
        help_text=_("Contact for the show, shown to podcast apps."),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("pillar"),
        FieldPanel("artwork"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("host_names"),
                FieldRowPanel([FieldPanel("category"), FieldPanel("explicit")]),
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
            ],
            heading=_("For podcast apps"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("host_names"),
    ]
    translatable_fields = [
        *base_page_translatable_fields(),
        SynchronizedField("pillar", overridable=False),
        SynchronizedField("artwork", overridable=True),
        TranslatableField("description"),
        SynchronizedField("category", overridable=False),
        TranslatableField("host_names"),
        SynchronizedField("explicit", overridable=False),
        SynchronizedField("owner_name", overridable=False),
        SynchronizedField("owner_email", overridable=False),
    ]

    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = ["library.EpisodePage"]

    class Meta:
        verbose_name = _("podcast show")
        verbose_name_plural = _("podcast shows")

    def clean(self):
        super().clean()
        if self.artwork and (
            self.artwork.width != self.artwork.height or self.artwork.width < 1400
        ):
            raise ValidationError(
                {
                    "artwork": _(
                        "Podcast apps need square artwork of at least 1400×1400 px; "
                        "this image is %(width)s×%(height)s."
                    )
                    % {"width": self.artwork.width, "height": self.artwork.height}
                }
            )

    @property
    def category_parts(self):
        return self.category.split("|")

    def live_episodes(self):
        return (
            EpisodePage.objects.child_of(self)
            .live()
            .select_related("audio", "transcript__locale", "locale")
            .order_by("-publish_date", "-episode_number", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from cms.core.home import listing_page

        context = super().get_context(request, *args, **kwargs)
        # One page of episodes (LISTING_PAGE_SIZE), newest first: ?page=2 for older ones. An
        # episode under a restriction of its own that this reader does not pass is left out.
        episodes = self.live_episodes().filter(visible_q(request.user))
        context["episodes"] = listing_page(episodes, request, "page")
        if request.user.is_authenticated:
            # The full feed address exists only just after it is made (see reset_feed_token).
            key = request.session.pop(NEW_FEED_KEY_SESSION_KEY, None)
            if key:
                context["personal_feed_url"] = request.build_absolute_uri(self.get_feed_path(key))
        return context

    def get_feed_path(self, token=None):
        """With a token: the personal feed (token in the path, never in a query string that
        access logs keep). Without: the canonical address, stable for the podcast GUID."""
        if token:
            return reverse("library:token_show_feed", kwargs={"token": token, "show_id": self.pk})
        return reverse("library:show_feed", kwargs={"show_id": self.pk})
