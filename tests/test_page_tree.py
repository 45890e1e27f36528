import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase

from campaigns.models import CampaignIndexPage
from cms.core.models import HomePage, StandardPage
from cms.support.models import SupportPage
from library.models import LibraryIndexPage


class TestPageTreeRules(WagtailPageTestCase):
    def test_home_page_lives_at_the_tree_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_standard_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, LibraryIndexPage, CampaignIndexPage, SupportPage}
        )

    def test_standard_page_lives_under_home_or_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_standard_page_holds_standard_pages(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


@pytest.mark.django_db
def test_a_second_home_page_in_the_same_language_is_refused(site_tree):
    duplicate = HomePage(title="Another home", slug="another-home", locale=site_tree["en"].locale)
    with pytest.raises(ValidationError, match="already has a home page"):
        duplicate.clean()


@pytest.mark.django_db
def test_a_home_page_can_be_created_only_while_a_language_lacks_one(site_tree):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)

    site_tree["fr"].delete()
    assert HomePage.can_create_at(root)
    assert not HomePage.can_create_at(site_tree["en"])


@pytest.mark.django_db
def test_every_content_language_has_exactly_one_home_page(site_tree):
    assert sorted(site_tree) == sorted(Locale.objects.values_list("language_code", flat=True))
    assert HomePage.objects.count() == len(site_tree)


def test_home_page_features_only_playlists_and_routes_pillar_listings():
    from cms.core.models import HomeFeaturedPlaylist
    from library.models import PlaylistPage

    assert HomeFeaturedPlaylist._meta.get_field("playlist").related_model is PlaylistPage
    assert HomePage.pillar_path("awareness") == "pillars/awareness/"


@pytest.mark.django_db
def test_new_episode_count_is_bounded(site_tree):
    home = site_tree["en"].specific
    for count in (0, 13):
        home.new_episode_count = count
        with pytest.raises(ValidationError):
            home.full_clean()
