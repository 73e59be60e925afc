"""System checks for settings that cannot be right with several workers.

The portal runs as several processes (gunicorn workers, the background
worker) and must count limits, cache and see the calendar alike in all of
them. `manage.py check --deploy` fails on a setting that would split them.
"""

import sqlite3

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from portal.core.ratelimit import parse_rate


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Refuse a default cache that each process keeps to itself."""
    cache = caches["default"]
    if isinstance(cache, LocMemCache | DummyCache):
        return [
            checks.Error(
                f"The default cache ({type(cache).__name__}) is not shared "
                "between processes: each worker would cache on its own.",
                hint="Leave CACHE_URL unset (a table in the state database) "
                "or set it to a Redis server (redis://...).",
                id="portal.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_proxies(app_configs, **kwargs):
    """Refuse proxy settings that contradict each other."""
    errors = []
    if settings.TRUSTED_PROXIES < 0:
        errors.append(
            checks.Error(
                "DJANGO_TRUSTED_PROXIES must be 0 or more.",
                id="portal.E002",
            )
        )
    elif (settings.TRUSTED_PROXIES > 0) != settings.BEHIND_PROXY:
        errors.append(
            checks.Error(
                f"DJANGO_BEHIND_PROXY is {'on' if settings.BEHIND_PROXY else 'off'} "
                f"but DJANGO_TRUSTED_PROXIES is {settings.TRUSTED_PROXIES}: client "
                "addresses, and so every limit, would be counted wrong.",
                hint="Set only DJANGO_TRUSTED_PROXIES, to the number of reverse "
                "proxies in front of the portal (0 when clients connect directly).",
                id="portal.E003",
            )
        )
    return errors


@checks.register()
def check_limits(app_configs, **kwargs):
    """Refuse limits that cannot be read or would lock every sign-in."""
    errors = []
    for name in ("API_THROTTLE_ANON", "API_THROTTLE_TOKEN"):
        try:
            parse_rate(getattr(settings, name))
        except ValueError as error:
            errors.append(checks.Error(f"{name}: {error}.", id="portal.E004"))
    for name in (
        "SIGNIN_FAILURES_PER_ACCOUNT",
        "SIGNIN_FAILURES_PER_ADDRESS",
        "SIGNIN_LOCKOUT_MINUTES",
    ):
        if getattr(settings, name) < 1:
            errors.append(checks.Error(f"{name} must be 1 or more.", id="portal.E005"))
    return errors


@checks.register()
def check_sqlite_version(app_configs, **kwargs):
    """Refuse a SQLite too old for the counters' UPSERT ... RETURNING."""
    uses_sqlite = any(
        database["ENGINE"].endswith("sqlite3")
        for database in settings.DATABASES.values()
    )
    if uses_sqlite and sqlite3.sqlite_version_info < (3, 35):
        return [
            checks.Error(
                f"SQLite {sqlite3.sqlite_version} is too old: the rate-limit "
                "counters need 3.35 or later (UPSERT with RETURNING).",
                id="portal.E006",
            )
        ]
    return []
