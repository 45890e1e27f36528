import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cms.core import access
from cms.storage import (
    STORAGE_ERRORS,
    note_storage_outage,
    object_exists_quickly,
    storage_outage_noted,
)

from .delivery import listener_for, presigned_audio_url, ranged_file_response, uses_s3
from .feeds import render_show_feed
from .models import (
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


def refuse(request):
    """Anonymous browsers are sent to log in; a wrong or revoked feed token is simply not found."""
    if request.GET.get("token"):
        raise Http404
    return redirect_to_login(request.get_full_path())


@require_safe
def audio(request, audio_id, slug, ext):
    listener, via_token = listener_for(request)
    if listener is None:
        return refuse(request)
    audio_file = get_object_or_404(AudioFile, pk=audio_id)
    if ext != audio_file.extension or not access.may_hear(
        listener, audio_file, via_token=via_token
    ):
        raise Http404
    if slug != audio_file.slug:
        query = f"?{request.META['QUERY_STRING']}" if request.META.get("QUERY_STRING") else ""
        return HttpResponseRedirect(audio_file.get_delivery_url() + query)

    storage = audio_file.file.storage
    if storage_outage_noted(storage):
        # Storage failed moments ago: answer at once rather than hold a worker for the timeouts.
        return storage_unavailable()
    try:
        if uses_s3(storage):
            # One quick HEAD (about a second at most on a hung server), not storage.exists().
            if not object_exists_quickly(storage, audio_file.file.name):
                raise Http404
            response = HttpResponseRedirect(
                presigned_audio_url(audio_file, settings.AUDIO_URL_EXPIRY_SECONDS)
            )
            response["Cache-Control"] = "private, no-store"
            return response
        return ranged_file_response(request, audio_file)
    except FileNotFoundError as missing:
        raise Http404 from missing
    except STORAGE_ERRORS as error:
        logger.warning("Audio storage failed for audio %s: %r", audio_file.pk, error)
        note_storage_outage(storage)
        return storage_unavailable()


@require_safe
def transcript(request, transcript_id, ext):
    listener, via_token = listener_for(request)
    if listener is None:
        return refuse(request)
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
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def show_feed(request, show_id):
    listener, _via_token = listener_for(request)
    if listener is None:
        raise Http404  # podcast apps cannot log in: no login page, just nothing here
    show = get_object_or_404(PodcastShowPage.objects.live().select_related("locale"), pk=show_id)
    # The feed lists what its token opens, also when a logged-in browser looks at it.
    if not access.may_read_feed(listener, show, via_token=True):
        raise Http404
    token = PodcastFeedToken.for_user(listener)
    body = render_show_feed(request, show, listener, token.key)
    response = HttpResponse(body, content_type="application/rss+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
@login_required
def reset_feed_token(request):
    PodcastFeedToken.for_user(request.user).reset()
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
