"""What /health/ reports: each part the portal depends on, and whether it serves.

Only the databases (the main one and the state one, portal/core/routers.py)
make the portal fail (503): without it no page can be
served. A cache, search cluster or background worker that is down costs
speed, freshness or background jobs, not pages, so the answer stays 200 with
`"status": "degraded"` and the part named in `degraded`: a load balancer
keeps every server in rotation through a cache outage, while monitoring
that reads the body sees it. Every check is bounded by a short timeout, so
the whole report takes about a second at most, whatever is down.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.core import workers
from portal.core.cache import RedisCache
from portal.core.routers import STATE
from portal.search.selection import health as search_health

logger = logging.getLogger(__name__)

_PROBE_KEY = "health:cache-probe"


def _database(alias: str = DEFAULT_DB_ALIAS) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure is the answer here
        return f"error: {error.__class__.__name__}"
    return "ok"


def _cache() -> dict:
    cache = caches["default"]
    backend = cache.__class__.__name__
    if isinstance(cache, RedisCache):
        ok = cache.is_available()
    else:
        try:
            cache.set(_PROBE_KEY, "ok", 10)
            ok = cache.get(_PROBE_KEY) == "ok"
        except Exception:
            logger.warning("The cache failed its health check.", exc_info=True)
            ok = False
    return {"backend": backend, "state": "ok" if ok else "down"}


def _worker() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"queue": backend, "state": "ok"}
    try:
        waiting = DBTaskResult.objects.ready()
        count = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True)
        since = oldest.first()
        alive = workers.count_alive()
    except Exception as error:
        return {"queue": "database", "state": f"error: {error.__class__.__name__}"}
    return {
        "queue": "database",
        "state": "ok" if alive else "none running",
        "alive": alive,
        "waiting": count,
        "oldest_waiting_seconds": (
            round((timezone.now() - since).total_seconds()) if since else None
        ),
    }


def report() -> tuple[dict, int]:
    """Return the report and its HTTP status."""
    # The state database holds the rate limits: without it the API and the
    # forms cannot count, so it fails the portal as the main one does.
    database, state = _database(), _database(STATE)
    parts = {
        "database": database,
        "state_database": state,
        "cache": _cache(),
        "search": search_health(),
        "worker": _worker(),
    }
    degraded = [
        name
        for name, failing in (
            ("cache", parts["cache"]["state"] != "ok"),
            ("search", parts["search"]["degraded"]),
            ("worker", parts["worker"]["state"] != "ok"),
        )
        if failing
    ]
    serving = database == "ok" and state == "ok"
    if not serving:
        status = "failing"
    elif degraded:
        status = "degraded"
    else:
        status = "ok"
    return (
        {"status": status, "degraded": degraded, **parts},
        200 if serving else 503,
    )
