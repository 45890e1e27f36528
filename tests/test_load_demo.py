from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.core.management.commands.load_demo import DEMO_USERS, ROLE_GROUPS

# On the demo content until this module builds its own small tree (tests/trees.py).
pytestmark = pytest.mark.demo


def row_counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


@pytest.mark.django_db
def test_load_demo_a_second_time_creates_nothing_and_raises_nothing():
    # The session fixture already ran it once on this database.
    before = row_counts()
    output = StringIO()

    call_command("load_demo", stdout=output)

    assert row_counts() == before
    assert "nothing to do" in output.getvalue()


@pytest.mark.django_db
def test_demo_has_the_role_groups_and_users_who_can_log_in(client, site_tree):
    User = get_user_model()
    for username, _first, _last, group_names, is_superuser in DEMO_USERS:
        user = User.objects.get(username=username)
        assert sorted(user.groups.values_list("name", flat=True)) == sorted(group_names)
        assert user.is_superuser is is_superuser
    assert set(ROLE_GROUPS) <= set(
        apps.get_model("auth.Group").objects.values_list("name", flat=True)
    )
    assert client.login(username="employee", password="heartandsoul-demo")
    assert client.get(site_tree["en"].url).status_code == 200


@pytest.mark.django_db
def test_demo_translations_are_managed_by_wagtail_localize(site_tree):
    from wagtail_localize.models import Translation

    english = site_tree["en"]
    for language, home in site_tree.items():
        assert home.live
        assert home.translation_key == english.translation_key
        if language != "en":
            assert Translation.objects.filter(
                source__object_id=english.translation_key, target_locale=home.locale
            ).exists()


@pytest.mark.django_db
def test_demo_rebuilds_a_missing_translation(site_tree, django_capture_on_commit_callbacks):
    site_tree["de"].delete()

    output = StringIO()
    # wagtail-localize publishes translations once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=output)

    from cms.core.models import HomePage

    german = HomePage.objects.get(locale__language_code="de")
    assert german.live
    assert german.view_restrictions.exists()
    assert "1 home pages" in output.getvalue()


LANGUAGES = ["en", "sv", "de", "es", "fr", "pt-br"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_library_campaigns_and_support(employee_client, site_tree, language):
    """Issue #11: even where the audio is English, every language has the whole site."""
    from campaigns.models import CampaignIndexPage, CampaignPage
    from cms.support.models import SupportPage
    from library.models import EpisodePage, LibraryIndexPage, PlaylistPage, PodcastShowPage

    home = site_tree[language]
    sections = [
        model.objects.child_of(home).live().get()
        for model in (LibraryIndexPage, CampaignIndexPage, SupportPage)
    ]
    # In menus, in this order (the navigation follows the tree).
    assert all(section.show_in_menus for section in sections)
    assert [s.path for s in sections] == sorted(s.path for s in sections)
    library = sections[0]
    show = PodcastShowPage.objects.child_of(library).live().get(slug="talking-minds")
    assert show.pillar is not None
    assert EpisodePage.objects.child_of(show).live().exists()
    playlist = PlaylistPage.objects.child_of(library).live().first()
    assert playlist.pillar is not None
    assert CampaignPage.objects.child_of(sections[1]).live().count() == 3
    for page in [*sections, show, playlist]:
        assert employee_client.get(page.url).status_code == 200, page.url
    if language != "en":
        # Translated (not copied) through wagtail-localize: the titles are this language's.
        english_library = LibraryIndexPage.objects.get(locale=site_tree["en"].locale)
        assert library.title != english_library.title


@pytest.mark.django_db
def test_load_demo_brings_an_older_demo_up_to_date(site_tree, django_capture_on_commit_callbacks):
    """A demo loaded before the front door, menus and pillars existed gets them on the next run."""
    from campaigns.models import CampaignIndexPage
    from cms.core.models import HomeFeaturedPlaylist, HomePage
    from cms.support.models import SupportPage
    from library.models import LibraryIndexPage, PodcastShowPage

    english, swedish = site_tree["en"], site_tree["sv"]
    HomePage.objects.filter(pk=english.pk).update(
        pillars_introduction="", featured_playlists_introduction="", help_introduction=""
    )
    HomeFeaturedPlaylist.objects.all().delete()
    CampaignIndexPage.objects.filter(locale=swedish.locale).update(show_in_menus=False)
    support = SupportPage.objects.get(locale=swedish.locale)
    support.move(LibraryIndexPage.objects.get(locale=swedish.locale), pos="left")
    PodcastShowPage.objects.filter(slug="small-steps").update(pillar=None)

    output = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=output)

    english = HomePage.objects.get(pk=english.pk)
    assert english.help_introduction and english.featured_playlists.count() == 2
    swedish = HomePage.objects.get(pk=swedish.pk)
    assert swedish.help_introduction.startswith("Kostnadsfritt")
    assert swedish.featured_playlists.count() == 2
    sections = [
        model.objects.child_of(swedish).get()
        for model in (LibraryIndexPage, CampaignIndexPage, SupportPage)
    ]
    assert [s.path for s in sections] == sorted(s.path for s in sections)
    assert all(section.show_in_menus for section in sections)
    assert PodcastShowPage.objects.get(slug="small-steps").pillar.slug == "self-care-and-support"
    assert "home page front doors" in output.getvalue()
    # And a second run finds nothing more to do.
    output = StringIO()
    call_command("load_demo", stdout=output)
    assert "nothing to do" in output.getvalue()
