"""The page cache: rendered Wagtail pages shared by every employee who may see them.

Why our own and not wagtail-cache (3.0.0, the current release): it requires wagtail<8.0 (pip
would downgrade Wagtail), it skips every logged-in request (here every reader is logged in),
it marks every page under a view restriction `private` and never stores it (here every page is
under one), and it keys through Django's `learn_cache_key`, which varies on the `Cookie` header,
so each employee's session would get an entry of their own; the keying is the whole job.

What is cached: the HTML of a live page served by Wagtail (`on_serve_page`), answered 200 to a
GET from a logged-in employee without admin access, with no pending messages or one-off session
values (a new feed address). Key: generation, scheme, host, language, the viewer's groups that
appear in a group view restriction (never the user), path and query (tracking parameters
dropped). Users with `wagtailadmin.access_admin` always get a fresh page (their user bar is
theirs), previews and drafts never reach `on_serve_page` as live pages, search and other views
are not pages.

What stays out of the cached body: the CSRF token (a context processor hands templates a
placeholder on cacheable requests, filled with the listener's own masked token on the way out,
hit or miss, so the csrftoken cookie is set too) and the CSP nonce (swapped for a placeholder
when stored, filled with the response's fresh nonce). Everything else personal arrives through
`/listening/state/` (listening.js).

Invalidation is a generation number in the cache, part of every key: any change that can alter
any page (publish, unpublish, move, delete, a snippet published, a view restriction, an image,
a document, audio, a site or locale) moves it on (page_cache_invalidation.py), after the
transaction commits. Why one number for the whole site: a helpline, pillar or topic shows on
pages that do not link to it in the tree (every page carries the crisis line; listings show
other pages' titles), so working out the affected URLs would miss some; a whole-site miss after
a publish costs one render per page and group key, which editors' publishing rate makes cheap.
Old entries are simply never read again and expire after PAGE_CACHE_SECONDS.

Viewers: the hit path never loads the user. A small profile per user (session auth hash, group
ids, admin access) is cached under its own generation (moved on by group or permission changes;
a user's own save deletes theirs), and checked against the session's auth hash, so a changed
password or a deactivated account gets no cached page. A hit costs no query with `cached_db`
sessions. Small values asked for often are read once per request (request_memo.py).

A cache outage (Redis down) reads as a miss everywhere and the page is rendered as usual.
"""

import hashlib
import logging
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.translation import get_language

from cms.core.request_memo import forget, remembered

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
CONTENT_GENERATION_KEY = "pagecache:generation"
# The frame every page shares (navigation, crisis banner): it moves on only with what they show
# (see page_cache_invalidation.py), so publishing an episode leaves them cached.
FRAME_GENERATION_KEY = "pagecache:frame"
VIEWER_GENERATION_KEY = "pagecache:viewers"
# Stand-ins stored in the cached body, replaced per response (never valid tokens themselves).
CSRF_PLACEHOLDER = "page-cache-csrf-token-placeholder"
NONCE_PLACEHOLDER = "page-cache-csp-nonce-placeholder"
# Headers a cached page is served with; the rest are set per response by the middleware chain.
STORED_HEADERS = ("Content-Type", "Content-Language")
# Query parameters that never change a page (campaign e-mails carry them): left out of the key.
TRACKING_PARAMETER_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = {"fbclid", "gclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi"}
MAX_QUERY_PARAMETERS = 4
MAX_QUERY_LENGTH = 200
# Session values that make the next page personal (shown once, then popped by the page).
PERSONAL_SESSION_KEYS = ("_messages", "library:new-feed-key")
VIEWER_PROFILE_SECONDS = 24 * 60 * 60


def page_cache_seconds():
    """How long a rendered page is kept; 0 turns the page cache (and fragment caching) off."""
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0)


# --- Generations ----------------------------------------------------------------------------


def _generation(key):
    return remembered(("generation", key), lambda: _read_generation(key))


def _read_generation(key):
    value = cache.get(key)
    if value is None:
        value = get_random_string(12)
        # add, not set: of two processes starting a generation at once, the first one wins.
        cache.add(key, value, None)
        value = cache.get(key) or value
    return value


def content_generation():
    """The current content generation: part of every page and fragment key."""
    return _generation(CONTENT_GENERATION_KEY)


def viewer_generation():
    return _generation(VIEWER_GENERATION_KEY)


def frame_generation():
    return _generation(FRAME_GENERATION_KEY)


def _move_on(key):
    value = get_random_string(12)
    cache.set(key, value, None)
    forget(("generation", key))
    if cache.get(key) != value:
        # Redis unreachable: pages rendered before the change may be served from it once it
        # is back, until they expire (PAGE_CACHE_SECONDS).
        logger.error("Page cache invalidation could not reach the cache (%s).", key)


def bump_generation(key=CONTENT_GENERATION_KEY):
    """Every cached page and fragment is out of date. Moved on now and again after the current
    transaction commits: a request that read the new generation before the commit may have
    rendered the old rows, and the second move makes sure its entry is never read."""
    _move_on(key)
    transaction.on_commit(lambda: _move_on(key))


def bump_viewer_generation():
    bump_generation(VIEWER_GENERATION_KEY)


def bump_frame_generation():
    """The navigation and the banner are out of date, and so every page (they show them)."""
    bump_generation(FRAME_GENERATION_KEY)
    bump_generation(CONTENT_GENERATION_KEY)


def generation_cached(name, parts, build, timeout=None, keep=None, *, frame=False):
    """`build()`, cached under the current content generation (so invalidated with the pages),
    or with `frame` under the frame's (navigation and banner: invalidated only by what they
    show). `parts` (strings) tell entries apart; `keep(value)` False leaves a value uncached (one
    made from a fallback during an outage). With the page cache off, `build()` every time."""
    seconds = page_cache_seconds()
    if not seconds:
        return build()
    generation = frame_generation() if frame else content_generation()
    key = ":".join(["pagecache:fragment", generation, name, *map(str, parts)])
    missing = object()
    value = cache.get(key, missing)
    if value is missing:
        value = build()
        if keep is None or keep(value):
            cache.set(key, value, timeout or seconds)
    return value


# --- Who is asking --------------------------------------------------------------------------


def restriction_rows():
    """Every view restriction as (page path, type, group ids), kept under the frame generation
    (restrictions, their groups and page moves move it on): what `cms.core.access` needs to
    tell which paths a viewer may not see, without a query. None with the page cache off."""
    from wagtail.models import PageViewRestriction

    if not page_cache_seconds():
        return None

    def build():
        rows = {}
        restrictions = PageViewRestriction.objects.values_list(
            "pk", "page__path", "restriction_type", "groups"
        )
        for pk, path, restriction_type, group_id in restrictions:
            _path, _type, groups = rows.setdefault(pk, (path, restriction_type, []))
            if group_id is not None:
                groups.append(group_id)
        return [(path, kind, tuple(sorted(groups))) for path, kind, groups in rows.values()]

    return remembered(
        ("restriction-rows", frame_generation()),
        lambda: generation_cached("restriction-rows", [], build, frame=True),
    )


def restriction_facts():
    """{"groups": ids of groups named by a group view restriction, "password_paths": paths of
    password-restricted pages}, from `restriction_rows` (no query while the frame stands)."""
    from wagtail.models import PageViewRestriction

    groups, password_paths = set(), set()
    for path, restriction_type, group_ids in restriction_rows() or ():
        if restriction_type == PageViewRestriction.GROUPS:
            groups.update(group_ids)
        elif restriction_type == PageViewRestriction.PASSWORD:
            password_paths.add(path)
    return {"groups": sorted(groups), "password_paths": sorted(password_paths)}


def viewer_profile_key(user_id, generation=None):
    return f"pagecache:viewer:{generation or viewer_generation()}:{user_id}"


def forget_viewer(user_id):
    key = viewer_profile_key(user_id)
    cache.delete(key)
    forget(key)


def viewer_profile(request):
    """What the page cache needs to know about the logged-in viewer, without loading the user
    once known: None for a session that is not (or no longer) a valid login."""
    user_id = request.session.get(SESSION_KEY)
    if user_id is None:
        return None
    key = viewer_profile_key(user_id)
    profile = remembered(key, lambda: cache.get(key) or new_viewer_profile(request, user_id, key))
    if profile is None:
        return None
    if not constant_time_compare(request.session.get(HASH_SESSION_KEY) or "", profile["hash"]):
        return None
    return profile


def new_viewer_profile(request, user_id, key):
    from cms.core.access import user_group_ids

    user = request.user  # Django's full check: backend, active, session hash
    if not user.is_authenticated or str(user.pk) != str(user_id):
        return None
    profile = {
        "hash": user.get_session_auth_hash(),
        "groups": sorted(user_group_ids(user)),
        "superuser": bool(user.is_superuser),
        # Editors and administrators see the Wagtail user bar: their pages are their own.
        "admin": user.has_perm("wagtailadmin.access_admin"),
    }
    cache.set(key, profile, VIEWER_PROFILE_SECONDS)
    return profile


def group_key(profile):
    """The viewer's groups that any view restriction names: employees in the same ones share
    cached pages, whatever else they belong to."""
    if profile["superuser"]:
        return "superuser"
    relevant = set(profile["groups"]) & set(restriction_facts()["groups"])
    return ".".join(str(group_id) for group_id in sorted(relevant)) or "-"


# --- Keys -----------------------------------------------------------------------------------


def language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def normalised_query(request):
    """The query string as part of a key (sorted, tracking parameters dropped), or None when it
    is too long to be worth an entry."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    if len(raw) > MAX_QUERY_LENGTH:
        return None
    pairs = [
        (name, value)
        for name, value in parse_qsl(raw, keep_blank_values=True)
        if name not in TRACKING_PARAMETERS and not name.startswith(TRACKING_PARAMETER_PREFIXES)
    ]
    if len(pairs) > MAX_QUERY_PARAMETERS:
        return None
    return urlencode(sorted(pairs))


def page_key(request, profile, query):
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    return ":".join(
        [
            "pagecache:page",
            content_generation(),
            request.scheme,
            request.get_host(),
            get_language() or "",
            group_key(profile),
            digest,
        ]
    )


def has_pending_personal_data(request):
    """Messages waiting to be shown, or a one-off value the next page shows (a feed address)."""
    if settings.MESSAGE_STORAGE.endswith(("FallbackStorage", "CookieStorage")) and (
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
    ):
        return True
    return any(name in request.session for name in PERSONAL_SESSION_KEYS)


def skip_reason(request):
    """Why this request may not be answered from (or stored in) the cache; None if it may."""
    if request.method not in ("GET", "HEAD"):
        return "method"
    if not request.path_info.startswith(language_prefixes()):
        return "not a page address"
    if getattr(request, "is_preview", False):
        return "preview"
    if SESSION_KEY not in request.session:
        return "anonymous"
    if has_pending_personal_data(request):
        return "personal"
    return None


# --- Responses ------------------------------------------------------------------------------


def personalise(request, content):
    """The listener's own CSRF token and this response's CSP nonce, in place of the stand-ins."""
    token = get_token(request)  # also sets (or renews) the csrftoken cookie listening.js reads
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), token.encode())
    if NONCE_PLACEHOLDER.encode() in content:
        content = content.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
    return content


def mark_personal(request):
    """For a page that shows something personal after all: serve it, never store it."""
    request._page_cache_personal = True


def storable(request, response):
    page = getattr(request, "_page_cache_page", None)
    own_cache_control = getattr(response, "_page_cache_own_cache_control", "") or ""
    return (
        request.method == "GET"
        and page is not None
        and page.live
        and not getattr(request, "is_preview", False)
        and not getattr(request, "_page_cache_personal", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and not any(word in own_cache_control for word in ("private", "no-store", "no-cache"))
        # Something called get_token() itself: a real token may be in the body.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(page.path.startswith(path) for path in restriction_facts()["password_paths"])
    )


def stored_entry(request, response):
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce:
        body = body.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
    headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
    return {"body": body, "headers": headers}


def response_from_entry(request, entry):
    response = HttpResponse(personalise(request, entry["body"]), status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    add_never_cache_headers(response)  # as Wagtail sends every restricted page
    response[HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Answers cacheable page requests from the cache and stores what Wagtail renders.

    Sits after the session, CSRF, auth, messages and session-refresh middleware (so a hit still
    renews the session and sets the CSRF cookie) and before the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache_seconds():
            return self.get_response(request)
        reason = skip_reason(request)
        key = None
        if reason is None:
            profile = viewer_profile(request)
            query = normalised_query(request)
            if profile is None:
                reason = "not a valid login"
            elif profile["admin"]:
                reason = "admin access"
            elif query is None:
                reason = "query"
            else:
                key = page_key(request, profile, query)
                entry = cache.get(key)
                if entry is not None:
                    return response_from_entry(request, entry)
                request._page_cache_candidate = True
                from cms.core.access import know_group_ids  # access imports this module

                know_group_ids(request.user, profile["groups"])  # no group query on a miss
                # Render from exactly what the key holds: no tracking id in a shared body.
                if query != request.META.get("QUERY_STRING", ""):
                    request.META["QUERY_STRING"] = query
                    request.GET = QueryDict(query)
        response = self.get_response(request)
        return self.finish(request, response, key)

    def finish(self, request, response, key):
        served_page = getattr(request, "_page_cache_page", None) is not None
        if key is None:
            if served_page:
                response[HEADER] = "skip"
            return response
        if storable(request, response):
            cache.set(key, stored_entry(request, response), page_cache_seconds())
            response[HEADER] = "miss"
        elif served_page:
            response[HEADER] = "skip"
        if not response.streaming:
            response.content = personalise(request, response.content)
        return response


def csrf_placeholder(request):
    """Context processor: on a cacheable request `{% csrf_token %}` renders the stand-in the
    middleware fills per response (it overrides Django's built-in csrf processor)."""
    if getattr(request, "_page_cache_candidate", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def mark_served_page(callback):
    """`on_serve_page` hook, inside Wagtail's view-restriction check: only a page the viewer
    passed reaches it. Remembers the page and the page's own Cache-Control (Wagtail then marks
    every restricted page never-cache for browsers, which says nothing about our cache)."""

    def inner(page, request, serve_args, serve_kwargs):
        response = callback(page, request, serve_args, serve_kwargs)
        request._page_cache_page = page
        response._page_cache_own_cache_control = response.get("Cache-Control", "")
        return response

    return inner
