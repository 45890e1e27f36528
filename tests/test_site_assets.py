"""The favicon and the web app manifest: "Add to Home Screen" gives the programme's name, icon
and colour, and the manifest is served with its own content type."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image
from whitenoise.middleware import WhiteNoiseMiddleware

BRAND_COLOUR = "#8a2f4f"


def static_path(name):
    path = finders.find(name)
    assert path, f"{name} is not a static file"
    return path


def test_the_manifest_names_the_programme_and_its_icons():
    with open(static_path("site.webmanifest"), encoding="utf-8") as manifest_file:
        manifest = json.load(manifest_file)
    assert manifest["name"] == "Heart & Soul"
    assert manifest["short_name"] == "Heart & Soul"
    assert manifest["theme_color"] == BRAND_COLOUR
    assert manifest["display"] == "standalone"
    sizes = {}
    for icon in manifest["icons"]:
        path = static_path(icon["src"])  # relative to the manifest, which is at the root
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                width, height = image.size
            assert icon["sizes"] == f"{width}x{height}", icon
            sizes.setdefault(icon["sizes"], set()).add(icon.get("purpose", "any"))
        else:
            assert icon["type"] == "image/svg+xml"
    assert {"192x192", "512x512"} <= set(sizes)
    assert "any" in sizes["512x512"] and "maskable" in sizes["512x512"]


def test_the_manifest_is_served_as_a_manifest():
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
    assert middleware.media_types.get_type("site.webmanifest") == "application/manifest+json"


@pytest.mark.django_db
def test_every_page_links_the_icons_the_manifest_and_the_colour(client, employee, site_tree):
    pages = [client.get("/en/login/")]
    client.force_login(employee)
    pages.append(client.get(site_tree["sv"].url))
    for response in pages:
        html = response.content.decode()
        assert '<link rel="manifest" href="/static/site.webmanifest">' in html
        assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
        assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
        assert f'<meta name="theme-color" content="{BRAND_COLOUR}">' in html
