"""`check --deploy` fails on settings that cannot be right with several workers."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from portal.core import checks


def _ids(errors) -> set[str]:
    return {error.id for error in errors}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_a_cache_of_each_process_is_refused(settings, backend):
    settings.CACHES = {"default": {"BACKEND": backend}}
    assert _ids(checks.check_shared_cache(None)) == {"portal.E001"}


def test_caches_that_processes_share_pass(settings, tmp_path):
    for backend, location in [
        ("django.core.cache.backends.db.DatabaseCache", "portal_cache"),
        ("django.core.cache.backends.filebased.FileBasedCache", str(tmp_path)),
    ]:
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
        assert checks.check_shared_cache(None) == []


@pytest.mark.parametrize(
    ("behind", "trusted", "ids"),
    [
        (False, 0, set()),
        (True, 1, set()),
        (True, 2, set()),
        (True, 0, {"portal.E003"}),
        (False, 1, {"portal.E003"}),
        (False, -1, {"portal.E002"}),
    ],
)
def test_proxy_settings_must_agree(settings, behind, trusted, ids):
    settings.BEHIND_PROXY = behind
    settings.TRUSTED_PROXIES = trusted
    assert _ids(checks.check_proxies(None)) == ids


def test_limits_must_be_readable(settings):
    assert checks.check_limits(None) == []
    settings.API_THROTTLE_ANON = "sixty a minute"
    settings.API_THROTTLE_TOKEN = "0/min"
    settings.SIGNIN_FAILURES_PER_ACCOUNT = 0
    assert [error.id for error in checks.check_limits(None)] == [
        "portal.E004",
        "portal.E004",
        "portal.E005",
    ]


def test_check_deploy_fails_on_a_per_process_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    with pytest.raises(SystemCheckError, match=r"portal\.E001"):
        call_command("check", "--deploy", "--tag", "caches")
