"""The patch registry: each patch recorded in full with its own test, and the version check."""

import sys

import pytest
from django.core.checks import Warning
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from cms.core import vendor_patches
from cms.core.checks import check_vendor_versions_match_patches
from tests.vendor_patches import test_localize as localize_tests
from tests.vendor_patches import test_modelsearch as modelsearch_tests
from tests.vendor_patches import test_query_diet as query_diet_tests
from tests.vendor_patches import test_wagtail as wagtail_tests

pytestmark = pytest.mark.django_db


PATCHES = {patch.name: patch for patch in vendor_patches.all_patches()}


def vendor_test_name(patch_name):
    return "test_vendor_behaviour_" + patch_name.replace("-", "_")


# One test per patch, in the modules by vendor: the registry test looks each one up here.
VENDOR_TEST_MODULES = (wagtail_tests, query_diet_tests, localize_tests, modelsearch_tests)


def __getattr__(name):
    """A vendor behaviour test of the modules above, as if it were defined in this module."""
    if name.startswith("test_vendor_behaviour_"):
        for tests_module in VENDOR_TEST_MODULES:
            if name in vars(tests_module):
                return vars(tests_module)[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def test_every_patch_is_recorded_completely_and_has_its_own_test():
    module = sys.modules[__name__]
    assert len(PATCHES) == len(vendor_patches.all_patches()), "patch names must be unique"
    for patch in PATCHES.values():
        assert patch.vendor in vendor_patches.CHECKED_AGAINST
        assert patch.checked_against == vendor_patches.CHECKED_AGAINST[patch.vendor]
        assert all([patch.relies_on, patch.lives_in, patch.works_around, patch.remove_when])
        assert patch.upstream
        for thread in patch.upstream:
            assert thread.startswith(("https://github.com/", vendor_patches.NONE_FOUND))
        assert callable(getattr(module, vendor_test_name(patch.name), None)), patch.name


def test_the_installed_vendors_are_the_versions_the_patches_were_checked_against():
    assert check_vendor_versions_match_patches(None) == []


def test_an_upgraded_vendor_fails_the_check_until_its_patches_are_looked_at(monkeypatch):
    monkeypatch.setitem(vendor_patches.CHECKED_AGAINST, "wagtail-localize", "1.13.0")

    warnings = check_vendor_versions_match_patches(None)

    assert [(type(w), w.id) for w in warnings] == [(Warning, "core.W002")]
    assert "wagtail-localize 1.14.5 is installed" in warnings[0].msg
    assert "checked against 1.13.0" in warnings[0].msg
    assert "po-upload-url" in warnings[0].msg and "status-panel" not in warnings[0].msg
    # CI runs `manage.py check --fail-level WARNING`.
    with pytest.raises(SystemCheckError, match=r"core\.W002"):
        call_command("check", fail_level="WARNING")


def test_a_vendor_that_is_not_installed_fails_the_check(monkeypatch):
    monkeypatch.setitem(vendor_patches.CHECKED_AGAINST, "not-a-real-distribution", "1.0")
    warnings = check_vendor_versions_match_patches(None)
    assert [w.id for w in warnings] == ["core.W002"]
    assert "not-a-real-distribution (not installed)" in warnings[0].msg
