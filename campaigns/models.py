"""Campaigns: stigma-breaking months and days, each serving one of the programme's pillars."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    PageChooserPanel,
)
from wagtail.blocks import StreamBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.access import visible_q
from cms.core.localization import active_language_code, base_page_translatable_fields, localize_all
from cms.core.models import BasePage, OnePerLocaleMixin
from cms.core.page_cache import generation_cached
from cms.core.taxonomy import Pillar, Topic, topics_by_id

from .blocks import CampaignStreamBlock, ToolkitDocumentBlock

RUNNING, UPCOMING, PAST = "running", "upcoming", "past"


def campaign_status(starts_on, ends_on, today):
    """ "running", "upcoming" or "past" on `today` (a date). Both ends are inclusive days; a
    campaign without an end date keeps running."""
    if starts_on > today:
        return UPCOMING
    if ends_on is not None and ends_on < today:
        return PAST
    return RUNNING


def campaign_today(now=None):
    """Today's date in the active time zone (settings.TIME_ZONE unless one is activated), so a
    campaign starts at midnight where the site says it does, not at midnight UTC."""
    return timezone.localdate(now)


class CampaignFilterForm(forms.Form):
    pillar = forms.ChoiceField(required=False, label=_("Pillar"))
    topic = forms.ChoiceField(required=False, label=_("Topic"))

    def __init__(self, data, *, pillars, topics):
        super().__init__(data)
        self.fields["pillar"].choices = [("", _("All pillars"))] + [
            (pillar.slug, pillar.title) for pillar in pillars
        ]
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (topic.slug, topic.name) for topic in topics
        ]


class CampaignIndexPage(OnePerLocaleMixin, BasePage):
    """Every campaign of one language, grouped into running now, upcoming and past."""

    translatable_fields = base_page_translatable_fields()

    one_per_locale_message = _(
        "This language already has a campaign index. Translate that one instead."
    )

    parent_page_types = ["core.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]

    class Meta:
        verbose_name = _("campaign index page")
        verbose_name_plural = _("campaign index pages")

    def campaigns(self):
        """Live campaigns under this index, in date order."""
        return (
            CampaignPage.objects.child_of(self)
            .live()
            .select_related("pillar", "hero_image", "locale")
            .order_by("starts_on", "title")
        )

    def filter_choices(self):
        """Pillars and topics to filter by: the default-language ones, shown translated. Kept
        with the page cache's frame (snippets move it on), per language."""
        return generation_cached(
            "campaign-filter-choices", [active_language_code()], build_filter_choices, frame=True
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pillars, topics = self.filter_choices()
        form = CampaignFilterForm(request.GET or None, pillars=pillars, topics=topics)
        # Only campaigns this reader may see (cms.core.access, as SQL: the groups, their counts
        # and the total all leave out a group-only campaign, with no query of its own).
        campaigns = self.campaigns().filter(visible_q(request.user))
        if form.is_bound and form.is_valid():
            if form.cleaned_data["pillar"]:
                campaigns = campaigns.filter(pillar__slug=form.cleaned_data["pillar"])
            if form.cleaned_data["topic"]:
                about_topic = CampaignTopic.objects.filter(
                    topic__slug=form.cleaned_data["topic"]
                ).values("page_id")
                campaigns = campaigns.filter(pk__in=about_topic)
        from cms.core.home import listing_page

        # Each group is one page (LISTING_PAGE_SIZE) of its own, chosen in SQL by the same rule
        # as campaign_status: the queries and the HTML stay the same size for 5 or 500. The
        # three counts come in one query and the cards' topics and images are fetched once for
        # all three pages.
        today = campaign_today()
        ended = Q(ends_on__isnull=False, ends_on__lt=today)
        rules = {
            RUNNING: Q(starts_on__lte=today) & ~ended,
            UPCOMING: Q(starts_on__gt=today),
            PAST: Q(starts_on__lte=today) & ended,
        }
        counts = campaigns.order_by().aggregate(
            **{key: models.Count("pk", filter=rule) for key, rule in rules.items()}
        )
        orderings = {PAST: ("-ends_on", "title")}  # past campaigns: the most recent first
        groups = {
            key: listing_page(
                campaigns.filter(rule).order_by(*orderings.get(key, ("starts_on", "title"))),
                request,
                key,
                count=counts[key],
            )
            for key, rule in rules.items()
        }
        shown = [campaign for group in groups.values() for campaign in group.object_list]
        prefetch_related_objects(shown, "topic_links", "hero_image__renditions")
        localize_campaign_taxonomy(shown)
        context.update(
            filter_form=form,
            filtered=form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
            campaign_groups=[
                (RUNNING, _("Running now"), groups[RUNNING]),
                (UPCOMING, _("Coming up"), groups[UPCOMING]),
                (PAST, _("Past campaigns"), groups[PAST]),
            ],
            campaign_count=sum(counts.values()),
        )
        return context


def build_filter_choices():
    default = settings.LANGUAGE_CODE
    pillars = localize_all(Pillar.objects.filter(locale__language_code=default, live=True))
    topics = localize_all(Topic.objects.filter(locale__language_code=default, live=True))
    return pillars, sorted(topics, key=lambda topic: topic.name.casefold())


def localize_campaign_taxonomy(campaigns):
    """Set `display_pillar` and `display_topics` on each campaign: the chosen snippets in the
    language being viewed (two queries at most, whatever the number of campaigns; none with the
    page cache's frame warm). Topic links are expected prefetched."""
    pillars = localize_all([campaign.pillar for campaign in campaigns])
    links = [list(campaign.topic_links.all()) for campaign in campaigns]
    known = topics_by_id(link.topic_id for campaign_links in links for link in campaign_links)
    topic_lists = [
        [known.get(link.topic_id) or link.topic for link in campaign_links]
        for campaign_links in links
    ]
    flat = localize_all([topic for topics in topic_lists for topic in topics])
    position = 0
    for campaign, pillar, topics in zip(campaigns, pillars, topic_lists, strict=True):
        campaign.display_pillar = pillar
        campaign.display_topics = flat[position : position + len(topics)]
        position += len(topics)


class CampaignTopic(Orderable):
    """A topic a campaign is about (the same topics in every translation of the campaign)."""

    page = ParentalKey(
        "campaigns.CampaignPage", on_delete=models.CASCADE, related_name="topic_links"
    )
    topic = models.ForeignKey(
        "core.Topic",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_(
            "The chooser lists the topics in this page's language; readers of a translation "
            "see the topic in theirs."
        ),
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("campaign topic")
        verbose_name_plural = _("campaign topics")
        constraints = [
            models.UniqueConstraint(fields=["page", "topic"], name="campaigns_unique_topic")
        ]


class CampaignPage(BasePage):
    """One campaign: dates, pillar, topics, a hero image, the story, a toolkit and a call to
    action. The introduction is the campaign's summary."""

    serve_related = ("pillar", "hero_image", "cta_page")  # loaded with the page when served

    pillar = models.ForeignKey(
        "core.Pillar",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pillar"),
        help_text=_("The programme priority this campaign serves."),
    )
    starts_on = models.DateField(
        verbose_name=_("start date"),
        help_text=_("The first day of the campaign. It shows as “running” from this day."),
    )
    ends_on = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("end date"),
        help_text=_("The last day of the campaign. Leave empty for a campaign with no end."),
    )
    hero_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
        help_text=_("A calm, wide image at the top of the page. Avoid distressing imagery."),
    )
    hero_image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name=_("hero image alternative text"),
        help_text=_("Describe the image for people who cannot see it. Needed with an image."),
    )
    body = StreamField(
        CampaignStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("The campaign's story."),
    )
    toolkit = StreamField(
        StreamBlock([("document", ToolkitDocumentBlock(label=_("Document")))]),
        blank=True,
        verbose_name=_("toolkit"),
        help_text=_(
            "Slides, posters and guides for teams to download. Only logged-in employees can "
            "open them."
        ),
    )
    cta_text = models.CharField(
        max_length=80,
        blank=True,
        verbose_name=_("call to action text"),
        help_text=_("What the main button says, e.g. “Join a listening circle”."),
    )
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("call to action page"),
        help_text=_("Where the button goes: a page on this site…"),
    )
    cta_url = models.URLField(
        blank=True,
        verbose_name=_("call to action web address"),
        help_text=_("…or a web address, when the target is not a page."),
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("pillar"),
                MultipleChooserPanel("topic_links", chooser_field_name="topic", label=_("Topics")),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            ],
            heading=_("About the campaign"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")
        ),
        FieldPanel("body"),
        FieldPanel("toolkit"),
        MultiFieldPanel(
            [FieldPanel("cta_text"), PageChooserPanel("cta_page"), FieldPanel("cta_url")],
            heading=_("Call to action"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("starts_on"),
        index.FilterField("ends_on"),
    ]
    translatable_fields = base_page_translatable_fields() + [
        TranslatableField("hero_image_alt"),
        TranslatableField("body"),
        TranslatableField("toolkit"),
        TranslatableField("cta_text"),
        # The same pillar, topics, dates and targets in every language (see cms.core.localization).
        SynchronizedField("pillar", overridable=False),
        SynchronizedField("topic_links", overridable=False),
        SynchronizedField("starts_on", overridable=False),
        SynchronizedField("ends_on", overridable=False),
        SynchronizedField("hero_image", overridable=True),
        SynchronizedField("cta_page", overridable=False),
        SynchronizedField("cta_url", overridable=True),
    ]

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")

    def clean(self):
        super().clean()
        errors = {}
        if self.pillar_id is None:
            errors["pillar"] = _("Choose the pillar this campaign serves.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The campaign cannot end before it starts.")
        has_target = bool(self.cta_page_id or self.cta_url)
        if self.cta_page_id and self.cta_url:
            errors["cta_url"] = _("Choose a page or a web address for the button, not both.")
        elif self.cta_text and not has_target:
            errors["cta_page"] = _("Choose where the button goes: a page or a web address.")
        elif has_target and not self.cta_text:
            errors["cta_text"] = _("Give the button some words, e.g. “Join a listening circle”.")
        if self.hero_image_id and not self.hero_image_alt.strip():
            errors["hero_image_alt"] = _("Describe the image for people who cannot see it.")
        if errors:
            raise ValidationError(errors)

    @property
    def status(self):
        return campaign_status(self.starts_on, self.ends_on, campaign_today())

    def linked_pages(self):
        """Pages the call to action and the body's call-to-action blocks point at."""
        pages = [self.cta_page] if self.cta_page_id else []
        for block in self.body:
            if block.block_type == "call_to_action" and block.value.get("page"):
                pages.append(block.value["page"])
        return pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        prefetch_related_objects([self], "topic_links")
        localize_campaign_taxonomy([self])
        # Links show the target page in this page's language, looked up in one query however
        # many blocks link to pages (templates read `localized_pages`).
        context["localized_pages"] = localized_pages(self.linked_pages(), self.locale_id)
        context["cta_target"] = (
            context["localized_pages"].get(self.cta_page_id) if self.cta_page_id else None
        )
        return context


def localized_pages(pages, locale_id):
    """{page id: the live translation of that page in `locale_id`, or the page itself}."""
    if not pages:
        return {}
    # A page in that locale already is its own answer.
    elsewhere = {page.translation_key for page in pages if page.locale_id != locale_id}
    translations = {}
    if elsewhere:
        translations = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                translation_key__in=elsewhere, locale_id=locale_id
            )
        }
    return {page.pk: translations.get(page.translation_key, page) for page in pages}
