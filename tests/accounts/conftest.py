"""Company sign-in tests run against a real provider on loopback (tests/oidc_provider.py)."""

from tests.oidc_provider import oidc_provider, provider  # noqa: F401 (fixtures)
