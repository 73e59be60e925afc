"""The state database: rate-limit counters and the cache, apart from the records.

`DATABASES["state"]` (portal/settings.py) is, on SQLite, a file of its own
beside the main one; on PostgreSQL, the main database over a second
connection. Either way the counters and the cache table are read and written
there, and their writes never wait for a transaction of the records.
"""

from django.conf import settings

STATE = "state"
# Django's database cache names its table's model django_cache.cacheentry.
_STATE_MODELS = {("core", "ratecounter"), ("django_cache", "cacheentry")}


def _separate() -> bool:
    """Tell whether the state database is a file of its own (SQLite)."""
    return settings.DATABASES[STATE]["ENGINE"].endswith("sqlite3")


class StateRouter:
    """Send the counters and the cache to the state database."""

    def db_for_read(self, model, **hints):
        meta = model._meta
        if (meta.app_label, meta.model_name) in _STATE_MODELS:
            return STATE
        return None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        state_model = (app_label, model_name) in _STATE_MODELS
        if not _separate():
            # One database under two names: migrated once, through "default".
            return False if db == STATE else None
        if db == STATE:
            return state_model
        return False if state_model else None
