"""Counters of hits per client and action: atomic, and shared by every process."""

import pytest
from django.db import connections
from django.db.models import F

from portal.core import counters
from portal.core.models import RateCounter
from tests.processes import own_database, start

pytestmark = pytest.mark.django_db


def test_hits_count_up_within_the_window():
    counts = [counters.hit(action="a", client="x", period=60) for _ in range(3)]
    assert [count.hits for count in counts] == [1, 2, 3]
    assert all(0 < count.reset <= 60 for count in counts)
    assert counters.peek(action="a", client="x").hits == 3


def test_clients_and_actions_count_apart():
    counters.hit(action="a", client="x", period=60)
    assert counters.hit(action="a", client="y", period=60).hits == 1
    assert counters.hit(action="b", client="x", period=60).hits == 1
    assert counters.peek(action="c", client="x").hits == 0


def test_a_new_window_starts_from_one():
    for _ in range(5):
        counters.hit(action="a", client="x", period=60)
    # The window ends: as if a minute had gone by.
    RateCounter.objects.update(expires=F("expires") - 61)
    assert counters.peek(action="a", client="x").hits == 0
    assert counters.hit(action="a", client="x", period=60).hits == 1


def test_forget_ends_the_window():
    counters.hit(action="a", client="x", period=60)
    counters.forget(action="a", client="x")
    assert counters.hit(action="a", client="x", period=60).hits == 1


def test_no_client_address_is_stored():
    counters.hit(action="a", client="198.51.100.7", period=60)
    (row,) = RateCounter.objects.values_list("client", flat=True)
    assert "198.51.100.7" not in row


def test_counters_live_in_the_state_database():
    counters.hit(action="a", client="x", period=60)
    assert RateCounter.objects.using("state").count() == 1
    state = connections["state"]
    if state.vendor == "sqlite":
        # A file of its own: the main file's write lock does not hold it up.
        assert (
            state.settings_dict["NAME"] != connections["default"].settings_dict["NAME"]
        )
        tables = connections["default"].introspection.table_names()
        assert RateCounter._meta.db_table not in tables


_HITTER = """
import pathlib, sys, time
from portal.core import counters
print("ready", flush=True)
go = pathlib.Path(sys.stdin.readline().strip())
while not go.exists():
    time.sleep(0.01)
for _ in range(50):
    print(counters.hit(action="api", client="one", period=3600).hits, flush=True)
"""


def test_hits_from_many_processes_are_each_counted_once(tmp_path):
    go = tmp_path / "go"
    with own_database(tmp_path) as env:
        processes = [start(env, _HITTER) for _ in range(4)]
        try:
            for process in processes:
                assert process.stdout.readline().strip() == "ready"
            for process in processes:
                process.stdin.write(f"{go}\n")
                process.stdin.flush()
            go.touch()  # all four hit at once
            seen = []
            for process in processes:
                output, _ = process.communicate(timeout=120)
                assert process.returncode == 0, output
                seen += [int(line) for line in output.split()]
        finally:
            for process in processes:
                process.kill()
                process.wait()
    # Every count from 1 to 200 handed out exactly once: nothing lost.
    assert sorted(seen) == list(range(1, 201))
