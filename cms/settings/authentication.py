"""Passwords, authentication backends, login throttling (django-axes), session lifetime and the
login pages. Company sign-in (OpenID Connect) is in oidc.py."""

import os
from datetime import timedelta

# --- Authentication -----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Login throttling and sessions (django-axes; cms/core/login_throttling.py) ---
# Checked before the password: axes counts failures per username and per address, in the
# database (shared by every app process), and refuses for LOGIN_COOLOFF_MINUTES once either
# reaches LOGIN_FAILURE_LIMIT. A success resets the username's count.
AUTHENTICATION_BACKENDS = [
    "cms.core.login_throttling.RequestAwareAxesBackend",
    # Django's ModelBackend, refusing passwords where company sign-in says so (OpenID Connect).
    "cms.accounts.backends.LocalPasswordBackend",
    "cms.accounts.backends.CompanySignInBackend",
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
LOGIN_COOLOFF_MINUTES = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15"))
# Proxies (load balancers) in front of the app that append to X-Forwarded-For: 0 trusts none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.core.login_throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "cms.core.login_throttling.client_ip"
AXES_USERNAME_CALLABLE = "cms.core.login_throttling.username_for_counting"
AXES_ENABLE_ADMIN = False  # no Django admin here: the Wagtail admin lists lockouts
AXES_VERBOSE = False
# Sessions end after SESSION_COOKIE_AGE seconds without a request (default 12 hours).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
# How often an active session's expiry is pushed back (instead of a write on every request).
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "300"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Page view restrictions send visitors to our branded login page, not the admin's.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
