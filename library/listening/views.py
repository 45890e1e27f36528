"""One listener's listening state: JSON endpoints for listening.js and the "My listening" page.

Every view reads and writes only `request.user`'s rows: no URL takes a user or row id, so one
listener can never name another's data. Responses are private and never stored by a cache.
"""

import math
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from wagtail.models import Page

from cms.core.access import visible_pages
from library.models import EpisodePage, PlaylistPage

from .cards import page_cards
from .models import ListeningPosition, ListeningPreference, SavedItem
from .queries import (
    continue_listening_rows,
    counts_as_finished,
    listener_state,
    remembers_history,
    visible_to,
)

# No recording in this library is a day long: anything beyond is a broken or hostile client.
MAX_SECONDS = 24 * 60 * 60
# Browsers' idea of a file's length can differ from ours by a little; more is refused.
DURATION_SLACK_SECONDS = 5
MAX_IDS_PER_STATE_REQUEST = 200
LIST_PAGE_SIZE = 20
MAX_LIST_PAGE = 500


def private_json(data, status=200):
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def json_error(message, status):
    return private_json({"error": message}, status=status)


def listener_json_view(methods):
    """For the JSON endpoints: logged-in listeners only (401 as JSON, never a login redirect),
    the given HTTP methods (405), and Django's CSRF check on unsafe methods answered as JSON
    (403). The token comes in the X-CSRFToken header (fetch) or as csrfmiddlewaretoken in the
    form body (navigator.sendBeacon, which cannot set headers)."""

    def decorator(view):
        @csrf_exempt  # checked below, so a failure is answered as JSON
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # LocaleMiddleware answers a 404 outside the language prefix with a redirect to
            # /en/<path> whenever that path resolves, and Wagtail's catch-all resolves every
            # path: judged against this module's URLs alone, a JSON 404 stays a 404.
            request.urlconf = "library.listening.urls"
            if not request.user.is_authenticated:
                return json_error("login required", 401)
            if request.method not in methods:
                response = json_error("method not allowed", 405)
                response["Allow"] = ", ".join(methods)
                return response
            if request.method not in ("GET", "HEAD"):
                refused = CsrfViewMiddleware(lambda request: None).process_view(
                    request, None, (), {}
                )
                if refused is not None:
                    return json_error("CSRF check failed", 403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def parse_id(value):
    if value is None or not str(value).isdigit() or len(str(value)) > 12:
        return None
    number = int(value)
    return number if number > 0 else None


def parse_id_list(value):
    """'1,2,3' -> [1, 2, 3]; None for anything else (a bad id or too many)."""
    if not value:
        return []
    parts = value.split(",")
    if len(parts) > MAX_IDS_PER_STATE_REQUEST:
        return None
    ids = [parse_id(part) for part in parts]
    return None if None in ids else ids


def parse_seconds(value):
    """A finite number of seconds from 0 to MAX_SECONDS, or None."""
    if value is None or len(str(value)) > 20:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0 or seconds > MAX_SECONDS:
        return None
    return seconds


def visible_live_page(page_id, user, page_types):
    """The live page of one of `page_types` with that id that `user` may see, or None."""
    page = Page.objects.live().type(*page_types).filter(pk=page_id).specific().first()
    if page is None or not visible_pages([page], user):
        return None
    return page


def reader_language(code):
    codes = {language for language, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


@listener_json_view(["GET"])
@ensure_csrf_cookie  # a cached page carries no token: this response sets the cookie
def state(request):
    """Everything per-listener that a page shows, for the episode and page ids on it."""
    episode_ids = parse_id_list(request.GET.get("episodes"))
    page_ids = parse_id_list(request.GET.get("pages"))
    if episode_ids is None or page_ids is None:
        return json_error(f"ids must be up to {MAX_IDS_PER_STATE_REQUEST} positive integers", 400)
    listener = listener_state(request.user, episode_ids=episode_ids, page_ids=page_ids)
    cards = page_cards(
        [row.episode_id for row in listener.continue_listening],
        reader_language(request.GET.get("lang")),
    )
    continue_listening = []
    for row in listener.continue_listening:
        card = cards.get(row.episode_id)
        if card is None:
            continue
        duration = row.duration_seconds or card["duration"]
        continue_listening.append({**card, "position": row.position_seconds, "duration": duration})
    return private_json(
        {
            "remember_history": listener.remember_history,
            "episodes": {
                str(episode_id): {
                    "position": row.position_seconds,
                    "duration": row.duration_seconds,
                    "finished": row.finished,
                }
                for episode_id, row in listener.positions.items()
            },
            "saved": sorted(listener.saved_ids),
            "continue_listening": continue_listening,
        }
    )


@listener_json_view(["POST"])
def save_position(request):
    episode_id = parse_id(request.POST.get("episode"))
    position = parse_seconds(request.POST.get("position"))
    duration = parse_seconds(request.POST.get("duration"))
    if episode_id is None:
        return json_error("episode must be a page id", 400)
    if position is None or duration is None or duration == 0:
        return json_error(f"position and duration must be seconds from 0 to {MAX_SECONDS}", 400)
    if position > duration + DURATION_SLACK_SECONDS:
        return json_error("position is beyond the end of the episode", 400)
    episode = visible_live_page(episode_id, request.user, [EpisodePage])
    if episode is None or not episode.audio_id:
        return json_error("no such episode", 404)
    if not remembers_history(request.user):
        return private_json({"stored": False, "remember_history": False})
    position = min(position, duration)
    finished = request.POST.get("finished") == "1" or counts_as_finished(position, duration)
    values = {"position_seconds": position, "duration_seconds": duration, "finished": finished}
    try:
        with transaction.atomic():
            ListeningPosition.objects.update_or_create(
                user=request.user, episode=episode, defaults=values
            )
    except IntegrityError:  # the same listener's other tab created the row a moment ago
        ListeningPosition.objects.filter(user=request.user, episode=episode).update(**values)
    return private_json({"stored": True, "position": position, "finished": finished})


@listener_json_view(["POST"])
def save_item(request):
    page_id = parse_id(request.POST.get("page"))
    wanted = request.POST.get("saved")
    if page_id is None or wanted not in ("0", "1"):
        return json_error("page must be a page id and saved 1 or 0", 400)
    if wanted == "0":
        # Always possible, even for a page since withdrawn: it is the listener's own row.
        SavedItem.objects.filter(user=request.user, page_id=page_id).delete()
        return private_json({"saved": False})
    page = visible_live_page(page_id, request.user, [EpisodePage, PlaylistPage])
    if page is None:
        return json_error("no such episode or playlist", 404)
    SavedItem.objects.get_or_create(user=request.user, page=page)
    return private_json({"saved": True})


def delete_history(user):
    return ListeningPosition.objects.filter(user=user).delete()[0]


def set_history(user, remember):
    with transaction.atomic():
        ListeningPreference.objects.update_or_create(
            user=user, defaults={"remember_history": remember}
        )
        if not remember:
            delete_history(user)


@listener_json_view(["POST"])
def clear_history(request):
    return private_json({"cleared": delete_history(request.user)})


@listener_json_view(["POST"])
def switch_history(request):
    wanted = request.POST.get("remember")
    if wanted not in ("0", "1"):
        return json_error("remember must be 1 or 0", 400)
    set_history(request.user, wanted == "1")
    return private_json({"remember_history": wanted == "1"})


# --- The "My listening" page ----------------------------------------------------------------


def list_page_number(value):
    number = parse_id(value)
    return min(number, MAX_LIST_PAGE) if number else 1


def bounded_page(queryset, number):
    """One page of LIST_PAGE_SIZE rows and whether there are more: one query, flat with the
    history's size (no COUNT)."""
    start = (number - 1) * LIST_PAGE_SIZE
    rows = list(queryset[start : start + LIST_PAGE_SIZE + 1])
    return rows[:LIST_PAGE_SIZE], len(rows) > LIST_PAGE_SIZE


def with_cards(rows, page_id, cards):
    return [(row, cards[page_id(row)]) for row in rows if page_id(row) in cards]


@never_cache
@login_required
def my_listening(request):
    """The listener's own listening, rendered for them alone and never cached."""
    if request.method == "POST":
        return my_listening_action(request)
    user = request.user
    recent_number = list_page_number(request.GET.get("recent"))
    saved_number = list_page_number(request.GET.get("saved"))
    remember = remembers_history(user)
    continue_rows = list(continue_listening_rows(user))
    recent_rows, more_recent = bounded_page(
        ListeningPosition.objects.filter(user=user, episode__live=True)
        .filter(visible_to(user, "episode__path"))
        .order_by("-updated_at"),
        recent_number,
    )
    saved_rows, more_saved = bounded_page(
        SavedItem.objects.filter(user=user, page__live=True)
        .filter(visible_to(user, "page__path"))
        .order_by("-created_at"),
        saved_number,
    )
    cards = page_cards(
        [row.episode_id for row in continue_rows + recent_rows]
        + [row.page_id for row in saved_rows],
        get_language(),
    )
    saved = with_cards(saved_rows, lambda row: row.page_id, cards)
    context = {
        "remember_history": remember,
        "continue_listening": with_cards(continue_rows, lambda row: row.episode_id, cards),
        "recently_played": with_cards(recent_rows, lambda row: row.episode_id, cards),
        "saved_episodes": [(row, card) for row, card in saved if card["kind"] == "episode"],
        "saved_playlists": [(row, card) for row, card in saved if card["kind"] == "playlist"],
        "recent_number": recent_number,
        "saved_number": saved_number,
        "more_recent": more_recent,
        "more_saved": more_saved,
        "confirm": request.GET.get("confirm")
        if request.GET.get("confirm") in ("clear", "off")
        else "",
        "history_days": settings.LISTENING_HISTORY_DAYS,
    }
    return render(request, "library/my_listening.html", context)


def my_listening_action(request):
    """The page's forms (they work without JavaScript): clear, switch off/on, unsave."""
    action = request.POST.get("action")
    user = request.user
    if action == "clear":
        delete_history(user)
        messages.success(request, _("Your listening history has been cleared."))
    elif action == "history-off":
        set_history(user, False)
        messages.success(
            request,
            _("Listening history is off. Your history has been deleted and nothing new is stored."),
        )
    elif action == "history-on":
        set_history(user, True)
        messages.success(request, _("Listening history is on. Episodes resume where you stopped."))
    elif action == "unsave" and parse_id(request.POST.get("page")):
        SavedItem.objects.filter(user=user, page_id=parse_id(request.POST["page"])).delete()
        messages.success(request, _("Removed from your saved items."))
    else:
        messages.error(request, _("That did not work. Please try again."))
    return redirect(reverse("my_listening"))
