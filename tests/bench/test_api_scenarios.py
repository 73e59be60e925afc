"""The API and open-data scenarios run on the tiny dataset. No timing is asserted."""

import json

from portal.bench.runner import Options, run_benchmark

NAMES = [
    "api-penalties-first-page",
    "api-penalties-deep",
    "api-penalties-csv",
    "export-penalties-csv",
    "build-exports",
]


def test_the_api_scenarios_answer_without_errors(tiny_dataset, bench_db):
    _document, path = run_benchmark(
        size="tiny",
        directory=tiny_dataset.path.parent,
        names=NAMES,
        server_mode="inprocess",
        options=Options(requests=6, concurrency=2, time_limit=30),
        collect_static=False,
        quiet=True,
        log=lambda message: None,
    )

    rows = {row["name"]: row for row in json.loads(path.read_text())["scenarios"]}
    assert list(rows) == NAMES
    for name in NAMES[:3]:
        assert "error" not in rows[name], rows[name]
        # Not throttled (429) and not refused (400): every answer a 200.
        assert rows[name]["statuses"] == {"200": 6}, rows[name]
    for name in NAMES[3:]:
        assert "error" not in rows[name], rows[name]
        assert rows[name]["items"] > 0
