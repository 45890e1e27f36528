"""The small base tree: what every test that is not marked `demo` starts from."""

from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from cms.core.models import HomePage
from tests.trees import base_fingerprint, ensure_base_tree


def test_every_language_has_a_live_logged_in_only_home_page(db):
    homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
    assert set(homes) == {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    for home in homes.values():
        assert home.live
        restriction_types = set(home.view_restrictions.values_list("restriction_type", flat=True))
        assert restriction_types == {PageViewRestriction.LOGIN}
    # Only the home pages: modules build the rest of their tree themselves.
    assert Page.objects.filter(depth__gt=2).count() == 0


def test_the_base_is_rebuilt_after_a_flush_exactly_as_migrate_left_it(transactional_db):
    migrated = base_fingerprint()
    # What ends every transactional test (post-migrate signals included), then the rebuild.
    call_command("flush", interactive=False, verbosity=0)
    assert not Page.objects.exists()
    ensure_base_tree()
    assert base_fingerprint() == migrated


def test_an_anonymous_visitor_is_sent_to_log_in_and_an_employee_sees_the_home_page(
    client, employee
):
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/")
    client.force_login(employee)
    response = client.get("/sv/")
    assert response.status_code == 200
    assert response.context["page"].locale.language_code == "sv"
