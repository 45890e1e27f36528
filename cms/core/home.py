"""What the home page (the programme's front door) and the pillar listings show.

Everything here is gathered in a fixed number of queries: a home page with 3 campaigns, 6
episodes and 6 playlists costs the same as one with none of each (tests/test_home.py).
Only pages in the home page's own language are listed (the library and campaign indexes do the
same: an untranslated page is not shown in another language); snippets (pillars, helplines)
and editor-chosen playlists are shown in the reader's language (`cms.core.localization`).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q

from .access import visible_pages, visible_q
from .localization import active_language_code, localize_all
from .models import CustomImage
from .page_cache import generation_cached
from .taxonomy import Pillar

# Rendition filters the templates use; prefetched so a listing never asks per image.
CAMPAIGN_HERO_FILTER = "fill-960x480"
CAMPAIGN_CARD_FILTER = "fill-480x270"
ARTWORK_FILTER = "fill-160x160"

RUNNING_CAMPAIGN_LIMIT = 3
# The programme's own routes to help linked from the home page, in this order.
HELP_KINDS = ["counselling", "first-aiders", "ambassadors"]


def renditions_of(image_field, *filters):
    """Prefetch the given renditions of an image loaded with select_related(image_field): one
    query for every image of the listing (Wagtail's image tag reads `prefetched_renditions`)."""
    renditions = CustomImage.get_rendition_model().objects.filter(filter_spec__in=filters)
    return Prefetch(
        f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions"
    )


def front_door(home, request):
    """The home page's sections, in the order the page shows them."""
    pillars = programme_pillars(home, request)
    user = request.user
    return {
        "campaigns": featured_campaigns(home, user, pillars=pillars),
        "pillars": pillars,
        "new_episodes": new_episodes(home, user),
        "featured_playlists": featured_playlists(home, user),
        "help": help_links(home, request),
    }


def featured_campaigns(home, user, today=None, pillars=()):
    """The campaigns running today in the home page's language (at most three, the earliest
    started first); if none is running, the next one to start. Each has `display_pillar` (the
    pillar in the reader's language: taken from `pillars`, already localised, when there) and
    `is_upcoming`."""
    from campaigns.models import CampaignPage, campaign_today

    today = today or campaign_today()
    campaigns = (
        CampaignPage.objects.live()
        .descendant_of(home)
        .filter(visible_q(user), locale_id=home.locale_id)
        .select_related("pillar", "hero_image")
        .prefetch_related(renditions_of("hero_image", CAMPAIGN_HERO_FILTER))
    )
    running = list(
        campaigns.filter(starts_on__lte=today)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True))
        .order_by("starts_on", "title")[:RUNNING_CAMPAIGN_LIMIT]
    )
    shown = running or list(
        campaigns.filter(starts_on__gt=today).order_by("starts_on", "title")[:1]
    )
    localized = {pillar.translation_key: pillar for pillar in pillars}
    others = localize_all(
        [c.pillar for c in shown if c.pillar and c.pillar.translation_key not in localized]
    )
    localized.update((pillar.translation_key, pillar) for pillar in others)
    for campaign in shown:
        campaign.display_pillar = campaign.pillar and localized.get(
            campaign.pillar.translation_key, campaign.pillar
        )
        if campaign.display_pillar and not hasattr(campaign.display_pillar, "lang"):
            campaign.display_pillar.lang = ""  # (a pillar outside the programme's list)
        campaign.is_upcoming = not running
    return shown


def programme_pillars(home, request):
    """The live pillars (the default-language ones, as the campaign filters list them) in the
    reader's language, each with `listing_url` (its page under this home page) and `lang` (the
    language of its text when it is not translated yet, for a `lang` attribute; else "")."""
    chosen = list(Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE, live=True))
    pillars = localize_all(chosen)
    reading_default = active_language_code() == settings.LANGUAGE_CODE
    home_url = home.get_url(request) or "/"
    for original, pillar in zip(chosen, pillars, strict=True):
        pillar.listing_url = home_url + home.pillar_path(pillar.slug)
        pillar.lang = "" if reading_default or pillar is not original else settings.LANGUAGE_CODE
    return pillars


def new_episodes(home, user):
    """The newest live episodes in the home page's language that this user may hear, each with
    `display_show` (its show, with artwork renditions)."""
    from library.models import EpisodePage, PodcastShowPage

    # Only what this listener may hear (a group-only show stays out): the site's one access
    # rule, as an SQL condition, so the newest *visible* episodes fill the list.
    episodes = list(
        EpisodePage.objects.live()
        .descendant_of(home)
        .filter(visible_q(user), locale_id=home.locale_id, audio__isnull=False)
        .select_related("audio", "locale")
        .order_by("-publish_date", "-episode_number", "-pk")[: home.new_episode_count]
    )
    parent_paths = {episode.path[: -EpisodePage.steplen] for episode in episodes}
    shows = {
        show.path: show
        for show in PodcastShowPage.objects.filter(path__in=parent_paths)
        .select_related("artwork")
        .prefetch_related(renditions_of("artwork", ARTWORK_FILTER))
    }
    for episode in episodes:
        episode.display_show = shows.get(episode.path[: -EpisodePage.steplen])
    return episodes


def featured_playlists(home, user):
    """The editors' featured playlists, each in the reader's language where translated (or as
    chosen, if live), leaving out what is unpublished or behind a restriction this listener does
    not pass: the featured-playlist block's convention, in a fixed number of queries."""
    from library.models import PlaylistPage

    # (A plain loop over the relation: in a preview it is the editor's unsaved list.)
    chosen = [item.playlist for item in home.featured_playlists.select_related("playlist__locale")]
    if not chosen:
        return []
    translations = {
        page.translation_key: page
        for page in PlaylistPage.objects.live()
        .filter(
            visible_q(user),
            translation_key__in={playlist.translation_key for playlist in chosen},
            locale__language_code=active_language_code(),
        )
        .select_related("locale")
    }
    fallbacks = [
        playlist
        for playlist in chosen
        if playlist.translation_key not in translations and playlist.live
    ]
    visible_fallbacks = {page.pk for page in visible_pages(fallbacks, user)}
    shown = []
    for playlist in chosen:
        version = translations.get(playlist.translation_key)
        if version is None and playlist.pk in visible_fallbacks:
            version = playlist
        if version is not None and version not in shown:
            shown.append(version)
    return shown


def help_links(home, request):
    """Quick links to help: the crisis line, the programme's counselling, first aiders and
    ambassadors (on the support page), and the support page itself. Kept with the page cache's
    frame like the banner (they change only with a snippet or the support page)."""
    from cms.support.helplines import crisis_support

    support = crisis_support(request, active_language_code())
    host = request.get_host() if request is not None else ""
    resources = generation_cached(
        "help-links",
        [home.locale_id, support.language_code, host],
        lambda: help_resources(home, support),
        keep=lambda _value: support.complete,
        frame=True,
    )
    return {
        "crisis_line": support.crisis_line,
        "resources": resources,
        "support_page_url": support.support_page_url,
        "support_link_text": support.link_text,
        "fallback_url": support.fallback_url,
    }


def help_resources(home, support):
    """One support resource per help kind, linked to its place on the support page (only when
    the support page is in the home page's language: the anchors are that page's)."""
    from cms.support.models import SupportResource

    if support.support_page_locale_id != home.locale_id:
        return []
    by_kind = {}
    for resource in SupportResource.objects.filter(
        locale_id=home.locale_id, live=True, kind__in=HELP_KINDS
    ):
        by_kind.setdefault(resource.kind, resource)
    resources = []
    for kind in HELP_KINDS:
        if kind in by_kind:
            resource = by_kind[kind]
            resource.anchor_url = f"{support.support_page_url}#resource-{resource.pk}"
            resources.append(resource)
    return resources


def listing_page(queryset, request, parameter, per_page=None, count=None):
    """One page of `queryset`, chosen by the `parameter` query string value. A missing, bad or
    out-of-range number gives the first or last page, never an error. `per_page` defaults to
    LISTING_PAGE_SIZE; `count`, when the caller has it already, saves the COUNT query."""
    paginator = Paginator(queryset, per_page or settings.LISTING_PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    page = paginator.get_page(request.GET.get(parameter))
    # Links to the neighbouring pages keep the other lists where they are.
    page.previous_url = page.next_url = ""
    if page.has_previous():
        page.previous_url = with_parameter(request, parameter, page.previous_page_number())
    if page.has_next():
        page.next_url = with_parameter(request, parameter, page.next_page_number())
    return page


def with_parameter(request, parameter, value):
    query = request.GET.copy()
    query[parameter] = value
    return f"?{query.urlencode()}"


def pillar_for_slug(slug):
    """The live pillar with this short name, in the reader's language where translated."""
    candidates = list(Pillar.objects.filter(slug=slug, live=True).select_related("locale"))
    if not candidates:
        return None
    reading = active_language_code()
    by_language = {pillar.locale.language_code: pillar for pillar in candidates}
    pillar = by_language.get(reading) or by_language.get(settings.LANGUAGE_CODE) or candidates[0]
    language = pillar.locale.language_code
    pillar.lang = "" if language == reading else language
    return pillar


def pillar_listing(home, request, slug):
    """The pillar page's context: its campaigns, shows and playlists in the home page's language
    (each list paginated on its own), and the other pillars. None for an unknown pillar."""
    from campaigns.models import CampaignPage
    from library.models import PlaylistPage, PodcastShowPage

    pillar = pillar_for_slug(slug)
    if pillar is None:
        return None

    def in_this_language(model):
        return (
            model.objects.live()
            .descendant_of(home)
            .filter(visible_q(request.user), locale_id=home.locale_id, pillar__slug=slug)
        )

    campaigns = (
        in_this_language(CampaignPage)
        .select_related("hero_image")
        .prefetch_related(renditions_of("hero_image", CAMPAIGN_CARD_FILTER))
    )
    shows = (
        in_this_language(PodcastShowPage)
        .select_related("artwork")
        .prefetch_related(renditions_of("artwork", ARTWORK_FILTER))
    )
    playlists = in_this_language(PlaylistPage)
    return {
        "pillar": pillar,
        "pillars": programme_pillars(home, request),
        # Newest campaigns first: running and upcoming ones before the past.
        "campaign_page": listing_page(
            campaigns.order_by("-starts_on", "title"), request, "campaigns"
        ),
        "show_page": listing_page(shows.order_by("title"), request, "shows"),
        "playlist_page": listing_page(playlists.order_by("title"), request, "playlists"),
        "home_url": home.get_url(request),
    }
