"""Episode pages: one recording with its transcript, chapters and topics, under a show."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.blocks import RICH_TEXT_FEATURES
from cms.core.localization import base_page_translatable_fields, cached_locale, localize_all
from cms.core.models import BasePage
from cms.workflows.companions import PublishesWithCompanionsMixin

from ..forms import EpisodePageForm, transcript_required_message
from .audio import AudioFile
from .transcripts import Transcript

TIMESTAMP_VALIDATOR = RegexValidator(
    r"^(\d{1,2}:)?\d{1,2}:\d{2}$", _("Use minutes:seconds, like 12:30, or 1:02:30.")
)


class ChapterBlock(blocks.StructBlock):
    start = blocks.CharBlock(
        label=_("Start"),
        max_length=8,
        validators=[TIMESTAMP_VALIDATOR],
        help_text=_("Where it starts, e.g. 12:30."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120)

    class Meta:
        icon = "list-ol"
        label_format = "{start} {title}"
        description = _("A chapter mark listeners can jump to.")
        preview_value = {"start": "0:00", "title": "Introduction"}


def timestamp_to_seconds(value):
    seconds = 0
    for part in value.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


class EpisodePage(PublishesWithCompanionsMixin, BasePage):
    episode_number = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("episode number")
    )
    season_number = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("season number")
    )
    publish_date = models.DateField(
        default=date.today,
        verbose_name=_("publication date"),
        help_text=_("The date podcast apps show for this episode."),
    )
    audio = models.ForeignKey(
        AudioFile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="episodes",
        verbose_name=_("audio file"),
        help_text=_("The recording. Translators may choose a recording in their own language."),
    )
    transcript = models.ForeignKey(
        Transcript,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="episodes",
        verbose_name=_("transcript"),
        help_text=_("Required before publishing: everyone must be able to read what is said."),
    )
    summary = RichTextField(features=RICH_TEXT_FEATURES, blank=True, verbose_name=_("summary"))
    chapters = StreamField(
        [("chapter", ChapterBlock(label=_("Chapter")))], blank=True, verbose_name=_("chapters")
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        blank=True,
        verbose_name=_("topics"),
        help_text=_("What the episode is about, for browsing and search."),
    )

    base_form_class = EpisodePageForm
    # Loaded along with the page wherever it is featured (library.blocks).
    display_related = ("audio", "locale")
    # Loaded with the page when it is served (cms.core.routing.page_at).
    serve_related = ("audio",)
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("episode_number"),
                        FieldPanel("season_number"),
                        FieldPanel("publish_date"),
                    ]
                ),
                FieldPanel("audio"),
                FieldPanel("transcript"),
            ],
            heading=_("Episode"),
        ),
        FieldPanel("summary"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("chapters"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        # The transcript in the page's own language (see display_transcript), not the synchronised
        # source one; search.signal_handlers reindexes episodes when a transcript changes.
        index.SearchField("transcript_search_text"),
        index.SearchField("topic_and_show_names"),
        index.FilterField("publish_date"),
    ]
    translatable_fields = [
        *base_page_translatable_fields(),
        SynchronizedField("topics", overridable=False),
        SynchronizedField("episode_number", overridable=False),
        SynchronizedField("season_number", overridable=False),
        SynchronizedField("publish_date", overridable=False),
        SynchronizedField("audio", overridable=True),
        SynchronizedField("transcript", overridable=True),
        TranslatableField("summary"),
        TranslatableField("chapters"),
    ]

    parent_page_types = ["library.PodcastShowPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")

    def clean(self):
        super().clean()
        # Going (or staying) live without a transcript is refused whatever the route: admin,
        # workflow approval or code. A page being created is checked by EpisodePageForm instead,
        # because Wagtail validates new drafts before marking them not live.
        if self.live and not self._state.adding and self.audio_id and not self.transcript_id:
            raise ValidationError({"transcript": transcript_required_message()})

    @cached_property
    def show(self):
        return self.get_parent().specific

    def review_companions(self):
        """The reviewed snippets this episode needs to go live: its transcript, and the
        transcript's translation in the episode's language (which the site shows instead).
        Submitting the episode takes their drafts into its review (cms.workflows.companions)."""
        chosen = self.transcript
        if chosen is None:
            return []
        companions = [chosen]
        if chosen.locale_id != self.locale_id:
            translated = Transcript.objects.filter(
                translation_key=chosen.translation_key, locale_id=self.locale_id
            ).first()
            if translated is not None:
                companions.append(translated)
        return companions

    @property
    def preview_transcript(self):
        """For the admin's preview: the transcript as it will be once this draft and its
        companions pass review (their latest drafts), in the episode's language if translated."""
        companions = self.review_companions()
        if not companions:
            return None
        transcript = companions[-1]
        if transcript.latest_revision_id:
            return transcript.get_latest_revision_as_object()
        return transcript

    @property
    def display_transcript(self):
        """The live transcript in this page's language when it has been translated, else the
        chosen one if live. Never a transcript that has not been published (reviewed)."""
        if "_display_transcript" in self.__dict__:
            return self.__dict__["_display_transcript"]
        return self.transcripts_shown([self])[0]

    @classmethod
    def prefetch_display_transcripts(cls, episodes):
        """Work out `display_transcript` for many episodes at once (for listings)."""
        episodes = [episode for episode in episodes if isinstance(episode, cls)]
        for episode, shown in zip(episodes, cls.transcripts_shown(episodes), strict=True):
            episode.__dict__["_display_transcript"] = shown

    @staticmethod
    def transcripts_shown(episodes):
        """The transcript each episode shows (see `display_transcript`), in two queries."""
        prefetch_related_objects(episodes, "transcript")
        wanted = {
            (episode.transcript.translation_key, episode.locale_id)
            for episode in episodes
            if episode.transcript and episode.transcript.locale_id != episode.locale_id
        }
        translations = {}
        if wanted:
            for transcript in Transcript.objects.filter(
                translation_key__in={key for key, _locale in wanted},
                locale_id__in={locale_id for _key, locale_id in wanted},
                live=True,
            ):
                translations[(transcript.translation_key, transcript.locale_id)] = transcript
        shown = []
        for episode in episodes:
            chosen = episode.transcript
            translated = chosen and translations.get((chosen.translation_key, episode.locale_id))
            transcript = translated or (chosen if chosen and chosen.live else None)
            if transcript is not None and (locale := cached_locale(transcript.locale_id)):
                transcript.locale = locale  # its lang attribute, without a query
            shown.append(transcript)
        return shown

    def transcript_search_text(self):
        transcript = self.display_transcript
        if transcript is None:
            return ""
        return " ".join([transcript.text, *(cue.text for cue in transcript.cue_list)])

    def topic_and_show_names(self):
        topics = localize_all(self.topics.all(), self.locale.language_code)
        parent = self.get_parent()
        return " ".join([*(topic.name for topic in topics), parent.title if parent else ""])

    @property
    def audio_in_other_language(self):
        return bool(self.audio and self.audio.language != self.locale.language_code)

    @property
    def chapter_list(self):
        return [
            {"seconds": timestamp_to_seconds(block.value["start"]), **block.value}
            for block in self.chapters
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show"] = self.show
        # The preview shows the draft transcript under review with the episode; the site, the
        # published one only.
        in_preview = getattr(request, "is_preview", False)
        context["transcript"] = self.preview_transcript if in_preview else self.display_transcript
        context["topics"] = localize_all(self.topics.all())
        return context
