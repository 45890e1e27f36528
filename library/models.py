import hashlib
import secrets
from datetime import date

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from cms.core.blocks import RICH_TEXT_FEATURES
from cms.core.localization import base_page_translatable_fields, cached_locale, localize_all
from cms.core.models import BasePage
from cms.core.reviewed import KeepLiveRowMixin
from cms.workflows.companions import PublishesWithCompanionsMixin

from .forms import AudioFileForm, EpisodePageForm, TranscriptForm, transcript_required_message
from .webvtt import Cue, render_plain_text, render_webvtt

APPLE_PODCAST_CATEGORIES = [
    ("Health & Fitness|Mental Health", _("Health & Fitness › Mental Health")),
    ("Health & Fitness|Alternative Health", _("Health & Fitness › Alternative Health")),
    ("Health & Fitness|Medicine", _("Health & Fitness › Medicine")),
    ("Education|Self-Improvement", _("Education › Self-Improvement")),
    ("Society & Culture|Relationships", _("Society & Culture › Relationships")),
]


def audio_upload_to(instance, filename):
    return f"audio/{date.today():%Y/%m}/{filename}"


class AudioFile(models.Model):
    """An uploaded recording. Not translatable: a translated episode points at its own recording.

    Everything but title and language is read from the file itself when it is uploaded.
    """

    title = models.CharField(
        max_length=255,
        verbose_name=_("title"),
        help_text=_("For finding this recording in the admin, e.g. the episode name."),
    )
    language = models.CharField(
        max_length=10,
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        default=settings.LANGUAGE_CODE,
        verbose_name=_("language"),
        help_text=_("The language spoken in the recording."),
    )
    file = models.FileField(
        upload_to=audio_upload_to,
        max_length=255,
        verbose_name=_("file"),
        help_text=_("MP3, M4A/AAC, Ogg/Opus or WAV. Duration and size are read from the file."),
    )
    duration_seconds = models.FloatField(editable=False, default=0)
    size_bytes = models.BigIntegerField(editable=False, default=0)
    mime_type = models.CharField(max_length=50, editable=False, blank=True)
    bitrate = models.PositiveIntegerField(null=True, editable=False)
    sample_rate = models.PositiveIntegerField(null=True, editable=False)
    channels = models.PositiveSmallIntegerField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("uploaded"))

    base_form_class = AudioFileForm
    panels = [FieldPanel("title"), FieldPanel("language"), FieldPanel("file")]

    class Meta:
        verbose_name = _("audio file")
        verbose_name_plural = _("audio files")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @property
    def extension(self):
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else "bin"

    @property
    def slug(self):
        return slugify(self.title)[:80] or "audio"

    def get_delivery_url(self, token=None):
        kwargs = {"audio_id": self.pk, "slug": self.slug, "ext": self.extension}
        if token:
            return reverse("library:token_audio", kwargs={"token": token, **kwargs})
        return reverse("library:audio", kwargs=kwargs)

    @property
    def duration_text(self):
        return format_duration(self.duration_seconds)

    duration_text.fget.short_description = _("duration")  # its column's heading in listings

    @property
    def language_name(self):
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(self.language, self.language)


def format_duration(seconds):
    total = round(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class CueBlock(blocks.StructBlock):
    start = blocks.FloatBlock(label=_("Start"), min_value=0, help_text=_("Seconds from the start."))
    end = blocks.FloatBlock(label=_("End"), min_value=0)
    speaker = blocks.CharBlock(label=_("Speaker"), required=False, max_length=100)
    text = blocks.TextBlock(label=_("Spoken text"))

    class Meta:
        icon = "openquote"
        label_format = "{start}s {text}"
        description = _("One caption: what is said between two moments of the recording.")
        preview_value = {"start": 0, "end": 4.5, "speaker": "Host", "text": "Welcome."}


class Transcript(
    KeepLiveRowMixin,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    index.Indexed,
    models.Model,
):
    """What is said in a recording: timed cues (from WebVTT) or typed text. Translatable.

    Changes to a published transcript are drafts until they pass the same review as pages
    (the site shows the published version, the row itself), so wording on a live episode
    never changes unreviewed.
    """

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="transcript")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="transcript",
        for_concrete_model=False,
    )

    title = models.CharField(
        max_length=255, verbose_name=_("title"), help_text=_("Usually the episode's title.")
    )
    cues = StreamField(
        [("cue", CueBlock(label=_("Cue")))],
        blank=True,
        verbose_name=_("timed cues"),
        help_text=_("Filled in from an uploaded WebVTT file; fix wording here if needed."),
    )
    text = models.TextField(
        blank=True,
        verbose_name=_("text without timings"),
        help_text=_("Type or paste the transcript here when you have no WebVTT file."),
    )

    base_form_class = TranscriptForm
    panels = [
        FieldPanel("title"),
        FieldPanel("webvtt_file"),
        FieldPanel("text"),
        FieldPanel("cues"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("text"),
        index.SearchField("cues"),
        index.FilterField("locale_id"),
    ]
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("cues"),
        TranslatableField("text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("transcript")
        verbose_name_plural = _("transcripts")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def cue_list(self):
        return [
            Cue(
                start=block.value["start"],
                end=block.value["end"],
                text=block.value["text"],
                speaker=block.value["speaker"] or "",
            )
            for block in self.cues
            if block.block_type == "cue"
        ]

    @property
    def has_timings(self):
        return bool(len(self.cues))

    def as_webvtt(self):
        if self.has_timings:
            return render_webvtt(self.cue_list)
        return None

    def as_plain_text(self):
        if self.has_timings:
            return render_plain_text(self.cue_list)
        return self.text.strip() + "\n"

    @property
    def get_url_vtt(self):
        return self.get_url("vtt")

    @property
    def get_url_txt(self):
        return self.get_url("txt")

    def get_url(self, extension, token=None):
        kwargs = {"transcript_id": self.pk, "ext": extension}
        if token:
            return reverse("library:token_transcript", kwargs={"token": token, **kwargs})
        return reverse("library:transcript", kwargs=kwargs)


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
        context["shows"] = listing_page(
            PodcastShowPage.objects.child_of(self)
            .live()
            .select_related("locale", "artwork")
            .prefetch_related("artwork__renditions"),
            request,
            "shows",
        )
        context["playlists"] = listing_page(
            PlaylistPage.objects.child_of(self).live().select_related("locale"),
            request,
            "playlists",
        )
        return context


class PodcastShowPage(BasePage):
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
        # One page of episodes (LISTING_PAGE_SIZE), newest first: ?page=2 for older ones.
        context["episodes"] = listing_page(self.live_episodes(), request, "page")
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


class PlaylistPage(BasePage):
    """A curated, ordered list of episodes, with an editor's note for each."""

    pillar = models.ForeignKey(
        "core.Pillar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pillar"),
        help_text=_("The programme priority this playlist serves most, for the pillar's page."),
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        blank=True,
        verbose_name=_("topics"),
        help_text=_("What the playlist is about, for browsing and search."),
    )

    display_related = ("locale",)

    content_panels = BasePage.content_panels + [
        FieldPanel("pillar"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("items", label=_("Episodes"), min_num=1, heading=_("Episodes, in order")),
    ]
    translatable_fields = [
        *base_page_translatable_fields(),
        SynchronizedField("pillar", overridable=False),
        SynchronizedField("topics", overridable=False),
        # The list (which episodes, in which order) is copied from the source; each item's note
        # is offered to translators (see PlaylistItem.translatable_fields).
        TranslatableField("items"),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("playlist")
        verbose_name_plural = _("playlists")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from cms.core.home import listing_page

        from .playlists import entries_for, playable_rows

        rows = playable_rows(self, request.user, preview=getattr(request, "is_preview", False))
        # Long playlists come PLAYLIST_PAGE_SIZE entries at a time (the count and the total
        # cover them all); only the shown page's episodes are loaded as pages.
        entries = listing_page(rows, request, "page", per_page=settings.PLAYLIST_PAGE_SIZE)
        entries.object_list = entries_for(entries.object_list)
        context["entries"] = entries
        context["topics"] = localize_all(self.topics.all())
        context["total_duration"] = format_duration(sum(row.duration_seconds for row in rows))
        return context


def visible_pages(pages, user):
    """The subset of `pages` whose view restrictions `user` passes: cms.core.access's rule."""
    from cms.core.access import visible_pages as visible_to_viewer

    return visible_to_viewer(pages, user)


def restriction_allows(restriction, user, user_group_ids):
    from cms.core.access import restriction_allows as allows

    return allows(restriction, user, user_group_ids)


class PlaylistItem(TranslatableMixin, Orderable):
    """One episode of a playlist. Translations share the source's items (same translation_key);
    only the note is translated."""

    playlist = ParentalKey(PlaylistPage, on_delete=models.CASCADE, related_name="items")
    episode = models.ForeignKey(
        EpisodePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("episode"),
        help_text=_("Choose an episode; its translation is used on translated playlists."),
    )
    note = models.TextField(
        blank=True,
        max_length=500,
        verbose_name=_("note"),
        help_text=_("Why this episode is here, or what to listen for (optional)."),
    )

    panels = [FieldPanel("episode"), FieldPanel("note")]

    translatable_fields = [
        TranslatableField("note"),
        # Stays the source's episode: visible_entries shows the reader's translation of it.
        SynchronizedField("episode", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("playlist item")
        verbose_name_plural = _("playlist items")


# Where reset_feed_token leaves the new full key for the show page to show once.
NEW_FEED_KEY_SESSION_KEY = "library:new-feed-key"


class PodcastFeedToken(models.Model):
    """The secret in an employee's personal podcast feed URLs, stored as its SHA-256 only.

    The full token is shown once, when it is made (`issue`); a database dump or an admin screen
    never shows it. Issuing again revokes the old URLs."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="podcast_feed_token"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("podcast feed token")
        verbose_name_plural = _("podcast feed tokens")

    def __str__(self):
        return f"Feed token for {self.user}"

    @staticmethod
    def hash_key(key):
        # A random 256-bit key needs no salt or slow hash: nothing to guess from its digest.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user):
        """A new token for `user`, replacing any old one: returns the full key (show it once)."""
        key = secrets.token_urlsafe(32)
        cls.objects.update_or_create(user=user, defaults={"key_hash": cls.hash_key(key)})
        return key

    @classmethod
    def owner_of(cls, key):
        """The active user whose token `key` is, or None."""
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash_key(key), user__is_active=True)
            .first()
        )
        return token.user if token else None


# Listening state lives in its own module; imported here so Django finds the models.
from .listening.models import ListeningPosition, ListeningPreference, SavedItem  # noqa: E402,F401
