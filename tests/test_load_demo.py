from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.core.management.commands.load_demo import DEMO_USERS, ROLE_GROUPS


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
