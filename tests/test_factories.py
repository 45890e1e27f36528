"""Each factory builds a valid, saved object."""

import pytest
from wagtail.models import Collection

from cms.core.factories import (
    CustomImageFactory,
    GroupFactory,
    StandardPageFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_user_factory_makes_a_user_who_can_log_in(client):
    group = GroupFactory(name="Factory group")
    user = UserFactory(groups=[group])
    assert user.check_password("password")
    assert list(user.groups.all()) == [group]
    assert client.login(username=user.username, password="password")


@pytest.mark.django_db
def test_image_factory_puts_images_in_the_root_collection():
    roots_before = Collection.get_root_nodes().count()
    image = CustomImageFactory()
    assert image.collection == Collection.get_first_root_node()
    assert Collection.get_root_nodes().count() == roots_before
    assert (image.width, image.height) == (1200, 800)
    assert image.file.storage.exists(image.file.name)


@pytest.mark.django_db
def test_standard_page_factory_builds_a_renderable_page(client, site_tree, employee):
    page = StandardPageFactory(parent=site_tree["en"], title="How to get help", slug="help")
    page.save_revision().publish()
    page.full_clean()

    client.force_login(employee)
    response = client.get(page.url)

    assert response.status_code == 200
    assert "How to get help" in response.content.decode()
    assert "Why talking helps" in response.content.decode()  # the sample body


@pytest.mark.django_db
def test_home_page_factory_is_what_the_demo_home_is_made_of(site_tree):
    home = site_tree["en"]
    assert [block.block_type for block in home.body] == ["heading", "paragraph"]
