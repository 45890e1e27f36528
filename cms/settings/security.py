"""Security headers, the public site's input limits, Content-Security-Policy (django-csp 4) and
Permissions-Policy."""

import os
from pathlib import Path

from .env import BASE_DIR
from .oidc import OIDC_FORM_ACTION_ORIGINS
from .storage import (
    AWS_S3_CUSTOM_DOMAIN,
    AWS_S3_ENDPOINT_URL,
    AWS_S3_REGION_NAME,
    AWS_STORAGE_BUCKET_NAME,
)

# --- Security -----------------------------------------------------------------------------
# Longest query or form value the public site accepts (not the admin); longer is a 400.
# (gunicorn refuses request lines over 4094 bytes first; this bounds form posts.)
MAX_PUBLIC_PARAMETER_LENGTH = int(os.environ.get("MAX_PUBLIC_PARAMETER_LENGTH", "20000"))
SESSION_COOKIE_HTTPONLY = True
# Wagtail marks its own preview views SAMEORIGIN; nothing else may be framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


# --- Content-Security-Policy (django-csp 4) and Permissions-Policy ---------------------------
# Where audio, renditions and signed originals come from when media lives on S3: the player
# follows the audio URL's redirect to a presigned S3 URL.
def media_origins(bucket, endpoint_url, region, custom_domain):
    if not bucket:
        return []
    origins = []
    if endpoint_url:
        origins.append(endpoint_url.rstrip("/"))
    else:
        region_part = f".{region}" if region else ""
        origins += [f"https://{bucket}.s3{region_part}.amazonaws.com", "https://s3.amazonaws.com"]
    if custom_domain:
        origins.append(f"https://{custom_domain}")
    return origins


MEDIA_ORIGINS = media_origins(
    AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN
)
# Where browsers send violation reports (e.g. a Sentry CSP endpoint); unset: no reports.
# (Not named CSP_*: django-csp 4 takes CSP_ settings for its old format and refuses to start.)
CONTENT_SECURITY_POLICY_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")


def inline_style_hashes(template_path):
    """CSP hashes of the <style> blocks of a page rendered without a request (500.html: no
    nonce there, and it must not depend on static files while the server is failing)."""
    import base64
    import hashlib
    import re

    try:
        text = Path(template_path).read_text()
    except OSError:
        return []
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", text, re.S)
    ]


ERROR_PAGE_STYLE_HASHES = inline_style_hashes(BASE_DIR / "templates" / "500.html")


def content_security_policy(*, admin=False, media=(), report_uri="", form_action=()):
    """The site's policy: nothing inline (scripts and styles are files, or carry the request's
    nonce), no eval, never framed. The admin's relaxes what Wagtail's editor needs (see the
    README, "Content-Security-Policy")."""
    from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

    directives = {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, *ERROR_PAGE_STYLE_HASHES],
        "img-src": [SELF, "data:", *media],
        "media-src": [SELF, *media],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF, *form_action],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "frame-ancestors": [NONE],
    }
    if admin:
        directives |= {
            # Wagtail 8's form widgets (date, snippet, image and page choosers) print an inline
            # <script> each (WidgetWithScript.render_js_init), and its modal workflow inserts
            # chooser HTML with inline scripts through jQuery. Wagtail gives them no nonce, and a
            # nonce in the list would disable 'unsafe-inline', so the admin has none. No eval.
            "script-src": [SELF, UNSAFE_INLINE],
            # Its templates and scripts set style attributes.
            "style-src": [SELF, UNSAFE_INLINE],
            # Image choosers and the focal-point editor preview local files as blob: URLs.
            "img-src": [SELF, "data:", "blob:", *media],
            "media-src": [SELF, "blob:", *media],
            # The audio form sends recordings straight to the bucket (presigned part URLs).
            "connect-src": [SELF, *media],
            # The preview panel frames the page preview; the preview itself is framed by it.
            "frame-src": [SELF],
            "frame-ancestors": [SELF],
        }
    if report_uri:
        directives["report-uri"] = [report_uri]
    return {"DIRECTIVES": directives}


CONTENT_SECURITY_POLICY = content_security_policy(
    media=MEDIA_ORIGINS,
    report_uri=CONTENT_SECURITY_POLICY_REPORT_URI,
    form_action=OIDC_FORM_ACTION_ORIGINS,
)
ADMIN_CONTENT_SECURITY_POLICY = content_security_policy(
    admin=True,
    media=MEDIA_ORIGINS,
    report_uri=CONTENT_SECURITY_POLICY_REPORT_URI,
    form_action=OIDC_FORM_ACTION_ORIGINS,
)
# Features no page of the site uses; media keys and the lock-screen player (Media Session) need
# no permission and stay available.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "autoplay": ["self"],
    "fullscreen": ["self"],
}
