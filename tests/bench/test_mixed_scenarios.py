"""The mixed public traffic runs on the tiny dataset. No timing is asserted."""

import json
from collections import Counter

from portal.bench.runner import Options, run_benchmark


def test_the_public_mix_answers_every_request_with_a_200(tiny_dataset, bench_db):
    _document, path = run_benchmark(
        size="tiny",
        directory=tiny_dataset.path.parent,
        names=["public-mix"],
        server_mode="inprocess",
        options=Options(requests=400, concurrency=4, time_limit=120),
        collect_static=False,
        quiet=True,
        log=lambda message: None,
    )

    [row] = json.loads(path.read_text())["scenarios"]
    assert "error" not in row, row
    # Not a redirect, not throttled, not refused: every answer a 200.
    assert row["statuses"] == {"200": 400}, row
    assert row["distinct_requests"] == 400


def test_the_public_mix_draws_from_every_kind_of_public_request(tiny_dataset, bench_db):
    import random

    from portal.bench import datasets
    from portal.bench.registry import Context
    from portal.bench.scenarios.mixed import public_mix

    with datasets.connected(tiny_dataset):
        requests = public_mix(
            Context(dataset=tiny_dataset, base_url="", rng=random.Random(1))
        )
    kinds = Counter(request.path.split("?")[0].split("/")[1] for request in requests)
    assert {"entities", "penalties", "permits", "search", "api", "lists", "cities"} <= (
        kinds.keys()
    )
    downloads = [request.path for request in requests if "format=csv" in request.path]
    assert len(downloads) == 10
