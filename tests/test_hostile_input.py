"""No 5xx from any input: a matrix of hostile values (NUL bytes, invalid UTF-8, over-long values,
arrays where one value is expected, huge numbers, markup) in every query parameter, form field,
header and path segment of every URL the public site, feeds, audio, transcripts, documents,
/healthz and the listening endpoints accept, as an anonymous visitor, a feed token holder and
a logged-in employee. Runs on SQLite and on PostgreSQL (which refuses NUL in text: DataError).

A URL pattern added later without a row here fails `test_every_public_url_pattern_is_swept`.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.documents import get_document_model
from wagtail.models import Page

from library.models import AudioFile, EpisodePage, PodcastShowPage, Transcript
from tests.trees import build_listener_pages, published


@pytest.fixture(autouse=True)
def public_content(site_tree):
    """A live English page of every type a reader sees (a listener's pages and a standard
    page), the programme's pillars ("awareness" among them), and a document."""
    from django.core.files.base import ContentFile

    from cms.core.factories import StandardPageFactory

    home = site_tree["en"]
    build_listener_pages(home)
    published(StandardPageFactory(parent=home, title="About the programme", slug="about"))
    get_document_model().objects.create(
        title="Toolkit", file=ContentFile(b"%PDF-1.4 toolkit", name="toolkit.pdf")
    )


# Raw query/path text (already percent-encoded where needed).
HOSTILE = {
    "nul": "%00",
    "nul inside": "sl%00eep",
    "invalid utf-8": "%FF%FE%FD",
    "lone surrogate": "%ED%A0%80",
    "over-long": "a" * 5000,
    "huge number": "9" * 40,
    "very huge number": "9" * 5000,
    "negative": "-1",
    "unicode digits": "%EF%BC%91%EF%BC%92",
    "markup": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "traversal": "..%2F..%2Fetc%2Fpasswd",
    "sql": "%27%20OR%201%3D1--",
    "control": "%01%1F%7F",
}
# The same as decoded form values (what a form field carries).
HOSTILE_FORM_VALUES = {
    "nul": "\x00",
    "nul inside": "sl\x00eep",
    "over-long": "a" * 5000,
    "huge number": "9" * 40,
    "very huge number": "9" * 5000,
    "negative": "-1",
    "unicode digits": "１２",
    "markup": "<script>alert(1)</script>",
    "control": "\x01\x1f\x7f",
    "float": "1e309",
    "nan": "NaN",
}
HOSTILE_HEADERS = {
    "HTTP_RANGE": ["bytes=\x00-", "bytes=" + "9" * 5000 + "-", "bytes=5-1", "bytes=-0", "x" * 9000],
    "HTTP_ACCEPT_LANGUAGE": ["\x00", "x" * 9000, "en;q=\x00", "*;q=abc"],
    "HTTP_COOKIE": ["sessionid=\x00", "sessionid=" + "a" * 5000, "csrftoken=\x00"],
    "HTTP_REFERER": ["\x00", "http://\x00/"],
    "HTTP_IF_MODIFIED_SINCE": ["\x00", "not a date"],
    "HTTP_IF_NONE_MATCH": ["\x00"],
    "HTTP_X_FORWARDED_FOR": ["\x00", "999.999.999.999"],
    "HTTP_USER_AGENT": ["\x00", "u" * 9000],
}


@dataclass
class Target:
    """One URL pattern, with a real URL for it and what it accepts."""

    pattern: str
    url: str
    params: list = field(default_factory=list)
    form: dict = None  # POST fields and a valid value for each
    token_url: object = None  # token -> URL, for the token-in-path routes
    path_variants: list = field(default_factory=list)


def example_pages():
    """One live English page of each type (Wagtail's serve pattern)."""
    seen = {}
    for page in Page.objects.live().filter(locale__language_code="en", depth__gt=1).specific():
        seen.setdefault(type(page), page)
    assert {model.__name__ for model in seen} >= {
        "HomePage",
        "StandardPage",
        "LibraryIndexPage",
        "PodcastShowPage",
        "EpisodePage",
        "PlaylistPage",
        "CampaignIndexPage",
        "CampaignPage",
        "SupportPage",
    }, seen
    return list(seen.values())


WELL_FORMED_WRONG_TOKEN = "w" * 43
TOKEN_SEGMENTS = ("%00", "%FF" * 15, "a" * 3000, "..", "w" * 19, "w" * 65)


def targets():
    audio = AudioFile.objects.filter(episodes__live=True).first()
    transcript = Transcript.objects.filter(live=True).first()
    show = PodcastShowPage.objects.live().first()
    episode = EpisodePage.objects.live().first()
    document = get_document_model().objects.first()
    pillar_home = "/en/"
    rows = [
        Target("healthz", "/healthz", ["x"]),
        # Company sign-in (off in these settings; tests/accounts sweeps it on, against a provider).
        Target("oidc/authenticate/", "/oidc/authenticate/", ["next"]),
        Target("oidc/callback/", "/oidc/callback/", ["code", "state", "error"]),
        Target(
            "audio/<row_id:audio_id>/<slug:slug>.<audio_ext:ext>",
            audio.get_delivery_url(),
            ["token"],  # the old ?token= form: a redirect to the path form
            path_variants=[f"/audio/{v}/x.mp3" for v in ("%00", "9" * 40)]
            + [f"/audio/{audio.pk}/{v}.mp3" for v in ("sl%00eep", "a" * 3000)],
        ),
        Target(
            "feeds/<feed_token:token>/audio/<row_id:audio_id>/<slug:slug>.<audio_ext:ext>",
            audio.get_delivery_url(WELL_FORMED_WRONG_TOKEN),
            token_url=audio.get_delivery_url,
            path_variants=[f"/feeds/{v}/audio/{audio.pk}/x.mp3" for v in TOKEN_SEGMENTS],
        ),
        Target(
            "transcripts/<row_id:transcript_id>.<transcript_ext:ext>",
            transcript.get_url("txt"),
            ["token"],
            path_variants=[f"/transcripts/{v}.vtt" for v in ("%00", "9" * 40, "9" * 5000)],
        ),
        Target(
            "feeds/<feed_token:token>/transcripts/<row_id:transcript_id>.<transcript_ext:ext>",
            transcript.get_url("txt", WELL_FORMED_WRONG_TOKEN),
            token_url=lambda token: transcript.get_url("txt", token),
            path_variants=[f"/feeds/{v}/transcripts/{transcript.pk}.txt" for v in TOKEN_SEGMENTS],
        ),
        Target(
            "feeds/shows/<row_id:show_id>.rss",
            show.get_feed_path(),
            ["token"],
            path_variants=[f"/feeds/shows/{v}.rss" for v in ("%00", "9" * 40)],
        ),
        Target(
            "feeds/<feed_token:token>/shows/<row_id:show_id>.rss",
            show.get_feed_path(WELL_FORMED_WRONG_TOKEN),
            token_url=show.get_feed_path,
            path_variants=[f"/feeds/{v}/shows/{show.pk}.rss" for v in TOKEN_SEGMENTS],
        ),
        Target("feeds/reset-token/", "/feeds/reset-token/", [], form={"next": "/en/"}),
        Target(
            "documents/^(\\d+)/(.*)$",
            f"/documents/{document.pk}/{quote(document.filename)}",
            ["x"],
            path_variants=[f"/documents/{document.pk}/{v}" for v in ("%00", "a%FF", "a" * 3000)]
            + [f"/documents/{'9' * 40}/x.pdf"],
        ),
        Target(
            "documents/authenticate_with_password/<int:restriction_id>/",
            "/documents/authenticate_with_password/1/",
            ["return_url"],
            form={"password": "x", "return_url": "/"},
        ),
        Target("en/login/", "/en/login/", ["next"], form={"username": "u", "password": "p"}),
        # The admin's login is public too (the rest of the admin needs a staff login).
        Target("admin/login/", "/admin/login/", ["next"], form={"username": "u", "password": "p"}),
        Target("en/logout/", "/en/logout/", ["next"], form={"next": "/en/"}),
        Target("en/search/", "/en/search/", ["q", "topic", "pillar", "type", "duration", "page"]),
        Target("en/search/suggest/", "/en/search/suggest/", ["q"]),
        Target("en/_util/login/", "/en/_util/login/", ["next"], form={"username": "u"}),
        Target(
            "en/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
            "/en/_util/authenticate_with_password/1/1/",
            ["return_url"],
            form={"password": "x", "return_url": "/"},
        ),
        Target(
            "en/pillars/<slug>/ (home page route)",
            f"{pillar_home}pillars/awareness/",
            ["page"],
            path_variants=[f"{pillar_home}pillars/{v}/" for v in ("sl%00eep", "a" * 3000)],
        ),
    ]
    for page in example_pages():
        rows.append(
            Target(
                f"en/^((?:[\\w\\-]+/)*)$ ({type(page).__name__})",
                page.url,
                ["page", "x"],
                path_variants=[f"{page.url}{v}/" for v in ("sl%00eep", "%FF", "a" * 3000)],
            )
        )
    # The listening endpoints (issue 11), when they exist.
    listening = {
        "listening/state/": Target(
            "listening/state/",
            "/listening/state/",
            ["episodes", "pages", "lang"],
        ),
        "listening/position/": Target(
            "listening/position/",
            "/listening/position/",
            form={"episode": str(episode.pk), "position": "10", "duration": "60", "finished": "0"},
        ),
        "listening/saved/": Target(
            "listening/saved/", "/listening/saved/", form={"page": str(episode.pk), "saved": "1"}
        ),
        "listening/clear/": Target("listening/clear/", "/listening/clear/", form={"x": "1"}),
        "listening/history/": Target(
            "listening/history/", "/listening/history/", form={"remember": "1"}
        ),
        "en/my-listening/": Target("en/my-listening/", "/en/my-listening/", ["x"]),
    }
    # Programme insights (issue 17): the beacon and the employees' page.
    listening["insights/event/"] = Target(
        "insights/event/", "/insights/event/", form={"event": "view", "page": str(episode.pk)}
    )
    listening["en/what-we-count/"] = Target("en/what-we-count/", "/en/what-we-count/", ["x"])
    registered = set(public_url_patterns())
    rows += [target for pattern, target in listening.items() if pattern in registered]
    return rows


def public_url_patterns():
    """Every URL pattern outside the admin, as 'prefix/pattern' strings."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if str(entry.pattern).startswith("admin/"):
                    continue
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern)

    return list(walk(get_resolver().url_patterns))


SWEPT_ELSEWHERE = {
    # Served by Wagtail's page pattern rows above (one per page type).
    "en/^((?:[\\w\\-]+/)*)$",
    # The admin's logout (company sign-in's, before Wagtail's own admin/ URLs): admin, not public.
    "admin/logout/",
}


@pytest.mark.django_db
def test_every_public_url_pattern_is_swept():
    covered = {target.pattern.split(" (")[0] for target in targets()} | SWEPT_ELSEWHERE
    missing = [pattern for pattern in public_url_patterns() if pattern not in covered]
    assert not missing, f"URL patterns without hostile-input rows: {missing}"


def query(url, pairs):
    joiner = "&" if "?" in url else "?"
    return url + joiner + "&".join(f"{key}={value}" for key, value in pairs)


def requests_for(target, token):
    """(description, method, url, kwargs) for every hostile variant of `target`."""
    base = target.token_url(token) if token and target.token_url else target.url
    yield "baseline", "get", base, {}
    for param in [*target.params, "x"]:
        for label, value in HOSTILE.items():
            yield f"{param}={label}", "get", query(base, [(param, value)]), {}
        if token and param == "token":
            yield "old token form", "get", query(base, [(param, token)]), {}
        yield f"{param} twice", "get", query(base, [(param, "1"), (param, "2")]), {}
        yield f"{param}[]", "get", query(base, [(f"{param}[]", "1")]), {}
    yield "key nul", "get", query(base, [("%00", "1")]), {}
    for url in target.path_variants:
        yield f"path {url[:60]}", "get", url, {}
    for header, values in HOSTILE_HEADERS.items():
        for value in values:
            yield f"{header}={value[:20]!r}", "get", base, {header: value}
    if target.form is not None:
        csrf = {"HTTP_X_CSRFTOKEN": "a" * 32}
        yield "post baseline", "post", base, {"data": target.form, **csrf}
        for name in target.form:
            for label, value in HOSTILE_FORM_VALUES.items():
                data = {**target.form, name: value}
                yield f"post {name}={label}", "post", base, {"data": data, **csrf}
            data = {**target.form, name: ["1", "2"]}
            yield f"post {name} twice", "post", base, {"data": data, **csrf}
            raw = "&".join(f"{key}=%FF%FE" if key == name else f"{key}=1" for key in target.form)
            yield (
                f"post {name} invalid utf-8",
                "post",
                base,
                {"data": raw, "content_type": "application/x-www-form-urlencoded", **csrf},
            )
        yield (
            "post json nul",
            "post",
            base,
            {"data": '{"a": "\\u0000"}', "content_type": "application/json", **csrf},
        )


@pytest.fixture
def sweeping_client(request, role_users):
    role = request.param
    client = Client(raise_request_exception=False)
    client.cookies["csrftoken"] = "a" * 32
    token = None
    if role == "employee":
        client.force_login(role_users["Employees"])
    elif role == "token":
        from library.models import PodcastFeedToken

        token = PodcastFeedToken.issue(role_users["Employees"])
    return client, token


@pytest.mark.django_db
@pytest.mark.parametrize("sweeping_client", ["anonymous", "token", "employee"], indirect=True)
def test_no_hostile_input_gives_a_server_error(sweeping_client):
    client, token = sweeping_client
    failures = []
    count = 0
    for target in targets():
        for description, method, url, kwargs in requests_for(target, token):
            count += 1
            response = getattr(client, method)(url, **kwargs)
            if response.status_code >= 500:
                failures.append(
                    f"{response.status_code} {target.pattern}: {description} ({url[:80]})"
                )
    assert count > 1000
    assert not failures, f"{len(failures)} of {count} requests failed:\n" + "\n".join(failures[:60])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feeds/shows/16.rss?token=%00",
        "/audio/1/x.mp3?token=%00",
        "/transcripts/1.vtt?token=%00",
        "/en/search/?q=sl%00eep",
        "/en/search/?topic=%00",
        "/en/search/?pillar=%00",
        "/en/sl%00eep/",
        "/en/search/?q=%FF",
    ],
)
def test_nul_and_invalid_utf8_are_refused_with_400(employee_client, url):
    """The reported cases, as employee (the search ones needed a login)."""
    employee_client.raise_request_exception = False
    assert employee_client.get(url).status_code == 400


@pytest.mark.django_db
def test_search_keeps_working_with_nul_free_hostile_values(employee_client):
    """The views parse their own input too: filter values that are not slugs match nothing."""
    response = employee_client.get("/en/search/?q=sleep&topic=%3Cscript%3E&pillar=" + "a" * 500)
    assert response.status_code == 200
    assert b"<script>" not in response.content
