"""The load benchmark's setup inside Django (benchmarks/load.py runs each in a subprocess, with
the benchmark's environment): employees signed in, the scale content, the page URLs to measure.
Each prints its result as JSON."""

import json
import sys
import time
import uuid

from benchmarks.load_config import PROJECT_DIR, SCALE


def setup_django():
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def make_employees(count):
    """`count` employees with a session each; prints the session keys as JSON."""
    setup_django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.utils.module_loading import import_string

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    employees = Group.objects.get(name="Employees")
    password = make_password("benchmark-only")
    users = User.objects.bulk_create(
        [User(username=f"bench-employee-{n}", password=password) for n in range(count)]
    )
    users = list(User.objects.filter(username__startswith="bench-employee-").order_by("pk"))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=employees.pk) for user in users]
    )
    # The backend a password login records (the first ModelBackend of AUTHENTICATION_BACKENDS),
    # so the sessions read back exactly as after the login form.
    backend = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if isinstance(load_backend(path), ModelBackend)
    )
    keys = []
    for user in users:
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["_refreshed_at"] = int(time.time())
        session.create()
        keys.append(session.session_key)
    print(json.dumps(keys))


def make_scale_content(items):
    """A show, a playlist, campaigns and shows at two sizes; prints their URLs as JSON."""
    setup_django()
    import datetime

    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.taxonomy import Pillar
    from library.models import (
        AudioFile,
        EpisodePage,
        LibraryIndexPage,
        PlaylistItem,
        PlaylistPage,
        PodcastShowPage,
    )

    library = LibraryIndexPage.objects.get(locale__language_code="en")
    audio = AudioFile.objects.first()
    transcript = EpisodePage.objects.filter(transcript__isnull=False).first().transcript
    today = datetime.date.today()
    urls = {}

    def add(parent, page):
        parent.add_child(instance=page)
        return page

    for size in SCALE[:1] + (items,):
        show = add(
            library,
            PodcastShowPage(
                title=f"Scale show {size}",
                slug=f"scale-show-{size}",
                description="Benchmark show.",
                owner_email="bench@example.com",
            ),
        )
        show = PodcastShowPage.objects.get(pk=show.pk)
        episodes = []
        for number in range(size):
            episode = add(
                show,
                EpisodePage(
                    title=f"Scale episode {size}-{number}",
                    slug=f"episode-{number}",
                    audio=audio,
                    transcript=transcript,
                    episode_number=number + 1,
                    introduction="A short conversation for the benchmark.",
                ),
            )
            episodes.append(episode)
            if number % 50 == 0:
                show = PodcastShowPage.objects.get(pk=show.pk)  # fresh numchild for add_child
        playlist = add(
            PodcastShowPage.objects.get(pk=show.pk).get_parent().specific,
            PlaylistPage(title=f"Scale playlist {size}", slug=f"scale-playlist-{size}"),
        )
        PlaylistItem.objects.bulk_create(
            [
                PlaylistItem(
                    playlist=playlist,
                    episode=episode,
                    sort_order=n,
                    locale_id=playlist.locale_id,
                    translation_key=uuid.uuid4(),
                )
                for n, episode in enumerate(episodes)
            ]
        )
        urls[f"show {size}"] = show.url
        urls[f"playlist {size}"] = playlist.url

    index = CampaignIndexPage.objects.get(locale__language_code="en")
    pillar = Pillar.objects.filter(locale__language_code="en").first()
    library = LibraryIndexPage.objects.get(locale__language_code="en")
    for number in range(items):
        index = CampaignIndexPage.objects.get(pk=index.pk)
        add(
            index,
            CampaignPage(
                title=f"Past scale campaign {number}",
                slug=f"past-scale-campaign-{number}",
                pillar=pillar,
                starts_on=today - datetime.timedelta(days=800 + number),
                ends_on=today - datetime.timedelta(days=700 + number),
            ),
        )
        library = LibraryIndexPage.objects.get(pk=library.pk)
        add(
            library,
            PodcastShowPage(
                title=f"Scale library show {number}",
                slug=f"scale-library-show-{number}",
                description="Benchmark show.",
                owner_email="bench@example.com",
            ),
        )
    urls["campaign index"] = index.url
    urls["library"] = library.url
    print(json.dumps(urls))


def page_urls():
    """The demo's URL of each page type (English); prints JSON."""
    setup_django()
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.core.models import HomePage
    from cms.core.taxonomy import Pillar
    from cms.support.models import SupportPage
    from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage

    def url_of(model):
        return model.objects.live().filter(locale__language_code="en").first().url

    pillar = Pillar.objects.filter(locale__language_code="en").first()
    print(
        json.dumps(
            {
                "home": url_of(HomePage),
                "home (sv)": HomePage.objects.get(locale__language_code="sv").url,
                "pillar": f"{url_of(HomePage)}pillars/{pillar.slug}/",
                "support": url_of(SupportPage),
                "library": url_of(LibraryIndexPage),
                "show": url_of(PodcastShowPage),
                "episode": url_of(EpisodePage),
                "playlist": url_of(PlaylistPage),
                "campaign index": url_of(CampaignIndexPage),
                "campaign": url_of(CampaignPage),
                "search ?q=sleep": "/en/search/?q=sleep",
            }
        )
    )
