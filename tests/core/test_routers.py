"""The state database: counters and cache apart from the records, made by migrate."""

import sqlite3

import pytest
from django.db import connections

from tests.processes import manage, own_database

_COUNT_AND_CACHE = """
from django.core.cache import cache
from portal.core import counters
print(counters.hit(action="api", client="one", period=60).hits)
cache.set("greeting", "ni hao", 60)
print(cache.get("greeting"))
"""


def test_every_process_shares_the_default_cache(tmp_path):
    with own_database(tmp_path) as env:
        manage(env, script="from django.core.cache import cache; cache.set('k', 7)")
        output = manage(
            env, script="from django.core.cache import cache; print(cache.get('k'))"
        )
    assert output.split() == ["7"]


@pytest.mark.skipif(
    connections["default"].vendor != "sqlite",
    reason="SQLite only: PostgreSQL has no database-wide write lock",
)
def test_a_write_lock_on_the_main_file_holds_up_no_count(tmp_path):
    with own_database(tmp_path) as env:
        # What a long import does: hold the main file's single write lock.
        main = sqlite3.connect(tmp_path / "portal.sqlite3", isolation_level=None)
        try:
            main.execute("BEGIN IMMEDIATE")
            main.execute("DELETE FROM core_calendarday")
            output = manage(env, script=_COUNT_AND_CACHE)
        finally:
            main.execute("ROLLBACK")
            main.close()
    assert output.split() == ["1", "ni", "hao"]
    # The counters and the cache are in the state file, made by `migrate`.
    state = sqlite3.connect(tmp_path / "portal-state.sqlite3")
    tables = {row[0] for row in state.execute("SELECT name FROM sqlite_master")}
    state.close()
    assert {"core_ratecounter", "portal_cache"} <= tables
