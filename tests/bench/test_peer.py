"""`bench --peer datasette`: the pairs' requests, tokens, rounds and report.

The unit tests need no Datasette. The end-to-end test installs it from PyPI
into the test's bench folder, so it runs only with BENCH_PEER=1. No timing is
ever asserted.
"""

import datetime
import json
import os
import random
from collections import Counter
from unicodedata import east_asian_width
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import CommandError, call_command

from portal.api.pagination import decode_cursor, ordering_keys
from portal.bench import datasets, pairs, peer
from portal.bench.client import Client
from portal.bench.exceptions import BenchError
from portal.bench.floor import Floor, escape_fts
from portal.bench.registry import Context
from portal.bench.report import peer_table
from portal.bench.rounds import Side, Tally, compare, interleave, until
from portal.bench.runner import Options, run_benchmark
from portal.bench.scenarios import search
from portal.core.dates import local_today
from portal.disclosures.models import Penalty
from portal.registry.models import Entity

TODAY = datetime.date(2026, 12, 6)
DATASETTE = pairs.Datasette("tiny-peer", TODAY)


def _context(dataset, name):
    """A context seeded as the runner seeds a scenario's."""
    return Context(
        dataset=dataset, base_url="", rng=random.Random(f"{datasets.SEED}:{name}")
    )


def _query(request) -> dict[str, str]:
    return {
        key: value for key, [value] in parse_qs(urlsplit(request.path).query).items()
    }


@pytest.fixture
def on_tiny(tiny_dataset, bench_db):
    with datasets.connected(tiny_dataset):
        yield tiny_dataset


def _pair(dataset, name, *, today=TODAY, limit=300):
    spec = pairs.PAIRS[name]
    context = _context(dataset, spec.scenario or spec.name)
    datasette = pairs.Datasette(DATASETTE.database, today)
    return pairs.build(spec, context, datasette, limit=limit)


# Datasette's own encoding (datasette.utils.tilde_encode and its `next` links).
@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("/foo/bar", "~2Ffoo~2Fbar"),
        ("a b", "a+b"),
        ("2026-03-01", "2026-03-01"),
        ("tiny-peer", "tiny-peer"),
        ("a.b~c,d", "a~2Eb~7Ec~2Cd"),
        ("有", "~E6~9C~89"),
    ],
)
def test_text_is_tilde_encoded_as_datasette_encodes_it(text, encoded):
    assert pairs.tilde_encode(text) == encoded


def test_a_next_token_in_key_order_is_the_key():
    assert pairs.next_token(123) == "123"


def test_a_sorted_next_token_is_the_sort_value_then_the_key():
    assert pairs.sorted_next_token(datetime.date(2026, 3, 1), 123) == "2026-03-01,123"
    assert pairs.sorted_next_token("a,b c", 7) == "a~2Cb+c,7"
    assert pairs.sorted_next_token(None, 7) == "$null,7"


@pytest.mark.parametrize(
    ("search_text", "escaped"),
    [
        ("华信", '"华信"'),
        ("华信 科技", '"华信" "科技"'),
        ('"规定期限办理20"', '"规定期限办理20"'),
        ('a "b c', '"a" "b c"'),
    ],
)
def test_the_floor_escapes_a_search_as_datasette_does(search_text, escaped):
    assert escape_fts(search_text) == escaped


def test_datasette_requests_name_the_database_and_the_table():
    assert DATASETTE.row("registry_entity", 27).path == "/tiny-peer/registry_entity/27"
    assert DATASETTE.json("registry_entity", _search="华信", _size=20).path == (
        "/tiny-peer/registry_entity.json?_search=%E5%8D%8E%E4%BF%A1&_size=20"
    )
    assert DATASETTE.public() == {
        "state__in": "published,corrected",
        "public_until__gte": "2026-12-06",
    }


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("search-fragment", "registry_entity"),
        ("search-company", "registry_entity"),
        ("search-facts-phrase", "disclosures_penalty"),
    ],
)
def test_both_sides_search_for_what_the_scenario_searches_for(on_tiny, name, table):
    pair = _pair(on_tiny, name)
    scenario = pairs.PAIRS[name].scenario
    asked = [
        _query(request)["q"]
        for request in getattr(search, scenario.replace("-", "_"))(
            _context(on_tiny, scenario)
        )
    ]

    assert [_query(request)["q"] for request in pair.portal] == asked
    assert [_query(request)["_search"] for request in pair.peer] == asked
    assert all(request.path.startswith("/api/v1/search/?") for request in pair.portal)
    assert all(
        request.path.startswith(f"/tiny-peer/{table}.json?") for request in pair.peer
    )
    assert len(pair.floor) == len(asked)


def test_the_limited_company_pair_asks_both_for_youxian_gongsi(on_tiny):
    pair = _pair(on_tiny, "search-limited-company")

    assert [_query(request)["q"] for request in pair.portal] == ["有限公司"]
    assert [_query(request)["_search"] for request in pair.peer] == ["有限公司"]


def test_an_entity_page_pairs_with_the_row_page_of_the_same_entity(on_tiny):
    pair = _pair(on_tiny, "entity-page")

    for portal, peer_request in zip(pair.portal, pair.peer, strict=True):
        key = portal.path.strip("/").split("/")[-1]
        pk = Entity.objects.get(key=key).pk
        assert peer_request.path == f"/tiny-peer/registry_entity/{pk}"


def _datasette_position(penalties, token: str) -> int:
    """Rows before the page a sorted `_next` token starts, in Datasette's order
    (decided_on descending, ties by id ascending)."""
    day, pk = token.split(",")
    return (
        penalties.filter(decided_on__gt=day).count()
        + penalties.filter(decided_on=day, pk__lte=int(pk)).count()
    )


def _portal_position(penalties, cursor: str) -> int:
    """Rows before the page a cursor starts, in the API's order (newest first)."""
    day, pk = decode_cursor(ordering_keys(penalties), cursor)
    return (
        penalties.filter(decided_on__gt=day).count()
        + penalties.filter(decided_on=day, pk__gte=pk).count()
    )


def test_deep_pages_start_at_the_same_depth_on_both_sides(on_tiny):
    today = local_today()
    penalties = Penalty.objects.public(today=today)

    newest = _pair(on_tiny, "api-deep-newest", today=today)
    by_id = _pair(on_tiny, "api-deep-id-order", today=today)

    assert len(newest.peer) == len(by_id.peer) == len(newest.portal) > 0
    for portal, peer_newest, peer_by_id in zip(
        newest.portal, newest.peer, by_id.peer, strict=True
    ):
        cursor, sorted_query, id_query = (
            _query(portal)["cursor"],
            _query(peer_newest),
            _query(peer_by_id),
        )
        depth = _portal_position(penalties, cursor)
        assert _datasette_position(penalties, sorted_query["_next"]) == depth
        assert penalties.filter(pk__lte=int(id_query["_next"])).count() == depth
        assert sorted_query["_sort_desc"] == "decided_on"
        for query in (sorted_query, id_query):
            assert query["_size"] == "50"
            assert query["state__in"] == "published,corrected"
            assert query["public_until__gte"] == today.isoformat()


def test_the_csv_pair_reads_the_public_penalties_on_every_side(on_tiny):
    today = local_today()
    pair = _pair(on_tiny, "csv-public-penalties", today=today)

    [portal], [peer_request], [query] = pair.portal, pair.peer, pair.floor
    assert _query(portal) == {"format": "csv"}
    assert _query(peer_request) == {
        "state__in": "published,corrected",
        "public_until__gte": today.isoformat(),
        "_stream": "on",
        "_size": "max",
    }
    with Floor(on_tiny.path) as bare:
        assert bare.answer(query) == Penalty.objects.public(today=today).count()


def test_requests_are_limited_alike_on_both_sides(on_tiny):
    pair = _pair(on_tiny, "search-company", limit=7)

    assert len(pair.portal) == len(pair.peer) == len(pair.floor) == 7


def test_pairs_are_chosen_by_their_names_or_their_scenarios():
    assert [spec.name for spec in pairs.select(["api-penalties-deep"])] == [
        "api-deep-newest",
        "api-deep-id-order",
    ]
    assert [spec.name for spec in pairs.select(["search-limited-company"])] == [
        "search-limited-company"
    ]
    assert pairs.select(None) == list(pairs.PAIRS.values())
    with pytest.raises(BenchError, match="health"):
        pairs.select(["health"])


class _FakeSide:
    """Records the order sides are measured in and what each round gets."""

    def __init__(self, name, calls, latency):
        self.name, self.calls, self.latency = name, calls, latency

    def measure(self, requests, count, options):
        self.calls.append((self.name, requests[0], count))
        return Tally([self.latency] * count, Counter({200: count}), 0, 1.0)

    def probe(self, requests, time_limit):
        return [(200, len(request)) for request in requests]


def test_rounds_alternate_the_order_of_the_sides():
    calls = []
    sides = [
        Side(name, ["aa", "b", "cccc", "dd"], fake.measure, fake.probe)
        for name, fake in (
            (name, _FakeSide(name, calls, latency))
            for name, latency in (("portal", 0.01), ("peer", 0.02), ("floor", 0.001))
        )
    ]

    figures = interleave(sides, options=Options(requests=4, time_limit=10), rounds=2)

    assert calls == [
        ("portal", "aa", 2),
        ("peer", "aa", 2),
        ("floor", "aa", 2),
        ("floor", "cccc", 2),
        ("peer", "cccc", 2),
        ("portal", "cccc", 2),
    ]
    assert figures["portal"]["requests"] == 4
    assert figures["portal"]["p50_ms"] == pytest.approx(10)
    assert figures["peer"]["with_results"] == 4
    assert figures["peer"]["results"] == 9
    assert figures["floor"]["distinct_requests"] == 4


def test_probing_stops_at_the_time_limit_after_the_first_request():
    assert list(until(["a", "b", "c"], 0)) == ["a"]
    assert list(until(["a", "b", "c"], 60)) == ["a", "b", "c"]


def test_the_comparison_gives_ratios_and_rows_per_second():
    figures = {
        "portal": {"p50_ms": 10.0, "p95_ms": 30.0, "results": 1000},
        "peer": {"p50_ms": 20.0, "p95_ms": 20.0, "results": 1000},
        "floor": {"p50_ms": 5.0, "p95_ms": 6.0, "results": 1000},
    }

    assert compare(figures) == {"ratio_p50": 0.5, "ratio_p95": 1.5}
    assert compare(figures, rows=True)["rows_per_s"] == {
        "portal": 100_000.0,
        "peer": 50_000.0,
        "floor": 200_000.0,
    }


def _side(p50, p95, **extra):
    return {
        "requests": 10,
        "errors": 0,
        "statuses": {"200": 10},
        "probe_errors": 0,
        "distinct_requests": 10,
        "probed": 10,
        "p50_ms": p50,
        "p95_ms": p95,
        "with_results": None,
        "results": None,
    } | extra


def test_the_peer_table_shows_ratios_results_rows_and_failures():
    document = {
        "peer": {
            "versions": {"datasette": "0.65.5", "sqlite-utils": "4.2.1"},
            "rounds": 5,
            "pairs": [
                {
                    "name": "search-limited-company",
                    "title": "search, 有限公司",
                    "portal": _side(10.0, 20.0, with_results=10, results=500),
                    "peer": _side(20.0, 40.0, with_results=0, results=0),
                    "floor": _side(1.0, 2.0, with_results=0, results=0),
                    "ratio_p50": 0.5,
                    "ratio_p95": 0.5,
                },
                {
                    "name": "csv-public-penalties",
                    "title": "full CSV of public penalties",
                    "portal": _side(2000.0, 2100.0, results=81451),
                    "peer": _side(4000.0, 4100.0, results=81451, errors=1),
                    "ratio_p50": 0.5,
                    "ratio_p95": 0.51,
                    "rows_per_s": {"portal": 40725.5, "peer": 20362.8},
                },
                {"name": "entity-page", "title": "x", "error": "BenchError: boom"},
            ],
        }
    }

    text = peer_table(document)
    lines = text.split("\n")

    assert "datasette 0.65.5, sqlite-utils 4.2.1" in text
    header = next(line for line in lines if line.startswith("measure"))
    assert header.split() == [
        "measure",
        "portal",
        "p50",
        "peer",
        "p50",
        "ratio",
        "p50",
        "portal",
        "p95",
        "peer",
        "p95",
        "ratio",
        "p95",
        "floor",
        "p50",
    ]
    limited = next(line for line in lines if line.startswith("search, 有限公司 "))
    assert limited.split()[-7:] == [
        "10.0",
        "20.0",
        "0.50",
        "20.0",
        "40.0",
        "0.50",
        "1.0",
    ]
    csv_row = next(line for line in lines if line.startswith("full CSV"))
    assert csv_row.split()[-1] == "–"  # no floor
    # Chinese characters take two columns: the rows line up on a terminal.
    table = lines[lines.index(header) : lines.index(header) + 3]
    assert len({_display_width(line) for line in table}) == 1
    assert (
        "search, 有限公司: queries with results: portal 10 of 10, peer 0 of 10, "
        "floor 0 of 10" in text
    )
    assert (
        "full CSV of public penalties: portal 81,451 rows, 40,725.5 rows/s; "
        "peer 81,451 rows, 20,362.8 rows/s" in text
    )
    assert "full CSV of public penalties: peer 1 errors" in text
    assert "entity-page: failed: BenchError: boom" in text


def _display_width(line: str) -> int:
    return sum(2 if east_asian_width(c) in ("W", "F") else 1 for c in line)


def test_there_is_no_peer_table_without_a_peer():
    assert peer_table({"scenarios": []}) == ""


def test_a_peer_is_refused_with_a_postgres_dataset():
    with pytest.raises(BenchError, match="leave out --database-url"):
        run_benchmark(
            size="tiny",
            peer_name="datasette",
            database_url="postgres://postgres@127.0.0.1:5432/portal_bench",
        )


def test_the_command_refuses_a_peer_with_a_postgres_dataset():
    with pytest.raises(CommandError, match="leave out --database-url"):
        call_command(
            "bench",
            "--size=tiny",
            "--peer=datasette",
            "--database-url=postgres://postgres@127.0.0.1:5432/portal_bench",
        )


def test_an_unknown_peer_is_refused():
    with pytest.raises(BenchError, match="Unknown peer"):
        run_benchmark(size="tiny", peer_name="metabase")


def test_the_command_lists_the_pairs(capsys):
    call_command("bench", "--list", "--peer=datasette")

    listed = capsys.readouterr().out
    for name in pairs.PAIRS:
        assert name in listed


@pytest.mark.system
@pytest.mark.skipif(
    os.environ.get("BENCH_PEER") != "1",
    reason="installs Datasette and sqlite-utils from PyPI; set BENCH_PEER=1 to run",
)
def test_a_run_against_datasette_reports_every_pair(tiny_dataset, bench_db):
    document, path = run_benchmark(
        size="tiny",
        directory=tiny_dataset.path.parent,
        options=Options(requests=6, concurrency=1, time_limit=20),
        collect_static=False,
        quiet=True,
        log=lambda message: None,
        peer_name="datasette",
    )

    saved = json.loads(path.read_text())
    assert saved == json.loads(json.dumps(document))
    assert saved["scenarios"] == []
    compared = saved["peer"]
    assert set(compared["versions"]) == {"datasette", "sqlite-utils"}
    rows = {row["name"]: row for row in compared["pairs"]}
    assert list(rows) == list(pairs.PAIRS)
    for row in rows.values():
        assert "error" not in row, row
        for side in ("portal", "peer", "floor"):
            if side in row:
                assert row[side]["errors"] == 0, (row["name"], side, row[side])
                assert row[side]["probe_errors"] == 0, (row["name"], side)
        assert row["ratio_p50"] is not None
    # Trigrams need three characters: two find nothing (reported, not a failure).
    assert rows["search-fragment"]["peer"]["with_results"] == 0
    download = rows["csv-public-penalties"]
    assert (
        download["portal"]["results"]
        == download["peer"]["results"]
        == download["floor"]["results"]
        > 0
    )
    for name in ("api-deep-newest", "api-deep-id-order"):
        assert rows[name]["portal"]["results"] == rows[name]["peer"]["results"]


@pytest.mark.system
@pytest.mark.skipif(
    os.environ.get("BENCH_PEER") != "1",
    reason="installs Datasette and sqlite-utils from PyPI; set BENCH_PEER=1 to run",
)
def test_datasette_writes_the_tokens_the_bench_builds(tiny_dataset, bench_db):
    venv = peer.environment(tiny_dataset.path.parent, log=lambda message: None)
    copy = peer.prepare_copy(tiny_dataset, venv, log=lambda message: None)
    today = local_today()
    datasette = pairs.Datasette(copy.stem, today)
    with datasets.connected(tiny_dataset):
        penalties = Penalty.objects.public(today=today)
        newest = list(
            penalties.order_by("-decided_on", "pk").values_list("decided_on", "pk")
        )
        by_id = list(penalties.order_by("pk").values_list("pk", flat=True))
    server = peer.DatasetteServer(
        venv, copy, log_path=tiny_dataset.path.parent / "peer.log"
    )
    with server:
        client = Client(server.url)
        try:
            sorted_page = client.get(
                datasette.json(
                    pairs.PENALTIES,
                    **datasette.public(),
                    _size=10,
                    _sort_desc="decided_on",
                    _next=pairs.sorted_next_token(*newest[9]),
                ).path
            )
            id_page = client.get(
                datasette.json(
                    pairs.PENALTIES,
                    **datasette.public(),
                    _size=10,
                    _next=pairs.next_token(by_id[9]),
                ).path
            )
        finally:
            client.close()

    # The page after row 10 links to the page after row 20 with our token.
    assert json.loads(sorted_page.body)["next"] == pairs.sorted_next_token(*newest[19])
    assert json.loads(id_page.body)["next"] == pairs.next_token(by_id[19])


def test_the_peer_copy_is_reused_until_the_dataset_changes(tiny_dataset, tmp_path):
    dataset = datasets.Dataset(tmp_path / "tiny.sqlite3", dict(tiny_dataset.meta))
    dataset.path.write_bytes(tiny_dataset.path.read_bytes())
    copy = tmp_path / "tiny-peer.sqlite3"
    copy.write_bytes(b"")
    copy.with_suffix(".json").write_text(json.dumps(peer._stamp(dataset)))
    # No sqlite-utils there: reusing the copy must not need it.
    missing = tmp_path / "no-venv"

    assert peer.prepare_copy(dataset, missing) == copy

    rebuilt = datasets.Dataset(dataset.path, dataset.meta | {"built_at": "later"})
    with pytest.raises(BenchError, match="Enabling full-text search"):
        peer.prepare_copy(rebuilt, missing, log=lambda message: None)
    assert not copy.with_suffix(".json").exists()
