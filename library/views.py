import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cms.core import access
from cms.insights.recording import record_page_event
from cms.storage import (
    STORAGE_ERRORS,
    note_storage_outage,
    object_exists_quickly,
    storage_outage_noted,
)

from .delivery import legacy_token, listener_for, presigned_audio_url, ranged_file_response, uses_s3
from .feeds import render_show_feed
from .models import (
    NEW_FEED_KEY_SESSION_KEY,
    AudioFile,
    PodcastFeedToken,
    PodcastShowPage,
    Transcript,
)

logger = logging.getLogger(__name__)


def storage_unavailable():
    response = HttpResponse(
        _("The audio library is not answering right now. Please try again in a few minutes."),
        status=503,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": str(settings.STORAGE_RETRY_AFTER_SECONDS)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def refuse(request, token):
    """Anonymous browsers are sent to log in; a wrong or revoked feed token is simply not found."""
    if token is not None:
        raise Http404
    return redirect_to_login(request.get_full_path())


def moved_to_token_path(request, url_for_token):
    """The old `?token=` URLs (still in subscribed podcast apps) move to the path form. Other
    query parameters are dropped: none of these URLs takes any."""
    key = legacy_token(request)
    if key is None:
        raise Http404
    return HttpResponsePermanentRedirect(url_for_token(key))


def private_no_store(response):
    """Per-listener answers (and anything carrying a token or signature) are never cached."""
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def audio(request, audio_id, slug, ext, token=None):
    if token is None and "token" in request.GET:
        return moved_to_token_path(
            request,
            lambda key: reverse(
                "library:token_audio",
                kwargs={"token": key, "audio_id": audio_id, "slug": slug, "ext": ext},
            ),
        )
    listener, via_token = listener_for(request, token)
    if listener is None:
        return refuse(request, token)
    audio_file = get_object_or_404(AudioFile, pk=audio_id)
    if ext != audio_file.extension or not access.may_hear(
        listener, audio_file, via_token=via_token
    ):
        raise Http404
    if slug != audio_file.slug:
        return HttpResponseRedirect(audio_file.get_delivery_url(token))

    storage = audio_file.file.storage
    if storage_outage_noted(storage):
        # Storage failed moments ago: answer at once rather than hold a worker for the timeouts.
        return storage_unavailable()
    try:
        if uses_s3(storage):
            # One quick HEAD (about a second at most on a hung server), not storage.exists().
            if not object_exists_quickly(storage, audio_file.file.name):
                raise Http404
            return private_no_store(
                HttpResponseRedirect(
                    presigned_audio_url(audio_file, settings.AUDIO_URL_EXPIRY_SECONDS)
                )
            )
        return ranged_file_response(request, audio_file)
    except FileNotFoundError as missing:
        raise Http404 from missing
    except STORAGE_ERRORS as error:
        logger.warning("Audio storage failed for audio %s: %r", audio_file.pk, error)
        note_storage_outage(storage)
        return storage_unavailable()


@require_safe
def transcript(request, transcript_id, ext, token=None):
    if token is None and "token" in request.GET:
        return moved_to_token_path(
            request,
            lambda key: reverse(
                "library:token_transcript",
                kwargs={"token": key, "transcript_id": transcript_id, "ext": ext},
            ),
        )
    listener, via_token = listener_for(request, token)
    if listener is None:
        return refuse(request, token)
    item = get_object_or_404(Transcript, pk=transcript_id)
    if not access.may_read_transcript(listener, item, via_token=via_token):
        raise Http404
    if ext == "vtt":
        body = item.as_webvtt()
        if body is None:
            raise Http404  # typed transcripts have no timings
        content_type = "text/vtt; charset=utf-8"
    else:
        body = item.as_plain_text()
        content_type = "text/plain; charset=utf-8"
    return private_no_store(HttpResponse(body, content_type=content_type))


@require_safe
def show_feed(request, show_id, token=None):
    if token is None and "token" in request.GET:
        return moved_to_token_path(
            request,
            lambda key: reverse(
                "library:token_show_feed", kwargs={"token": key, "show_id": show_id}
            ),
        )
    # A podcast app brings the token in the path; a logged-in browser may read the canonical
    # address (its links are then the session's own: the full token is never known again).
    listener, via_token = listener_for(request, token)
    if listener is None:
        raise Http404  # podcast apps cannot log in: no login page, just nothing here
    show = get_object_or_404(PodcastShowPage.objects.live().select_related("locale"), pk=show_id)
    if not access.may_read_feed(listener, show, via_token=via_token):
        raise Http404
    body = render_show_feed(request, show, listener, token, via_token=via_token)
    if via_token:
        # Programme insights: a podcast app fetched the show, counted per show and day (the
        # owner once per day, through a salted hash that tonight's rollup deletes), never
        # per token.
        record_page_event(listener.pk, "feed_fetches", show.pk, show.locale_id)
    return private_no_store(HttpResponse(body, content_type="application/rss+xml; charset=utf-8"))


@require_POST
@login_required
def reset_feed_token(request):
    had_one = PodcastFeedToken.objects.filter(user=request.user).exists()
    # Stored hashed: the full key exists only here and, until the show page shows it once, in
    # the listener's (server-side) session.
    request.session[NEW_FEED_KEY_SESSION_KEY] = PodcastFeedToken.issue(request.user)
    if had_one:
        messages.success(
            request,
            _(
                "Your personal podcast feed address has changed. The old one no longer works: "
                "subscribe again in your podcast app with the new address."
            ),
        )
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)
