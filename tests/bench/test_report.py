from collections import Counter

import pytest

from portal.bench.report import http_figures, percentile, table


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([4, 1, 3, 2], 50, 2.5),
        ([1, 2, 3, 4], 0, 1),
        ([1, 2, 3, 4], 100, 4),
        ([1, 2, 3, 4], 25, 1.75),
        (list(range(1, 101)), 95, 95.05),
        (list(range(1, 101)), 99, 99.01),
        ([7], 99, 7),
        ([10, 20], 90, 19),
    ],
)
def test_percentile_interpolates_between_closest_ranks(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_of_nothing_is_none():
    assert percentile([], 50) is None


def test_percentile_rejects_a_rank_outside_0_to_100():
    with pytest.raises(ValueError):
        percentile([1], 101)


def test_figures_count_non_2xx_answers_and_failures_as_errors():
    figures = http_figures(
        latencies=[0.001, 0.002, 0.003, 0.004],
        statuses=Counter({200: 2, 302: 1, 404: 1}),
        failures=1,
        seconds=2.0,
        peak_mb=100.0,
    )

    assert figures["requests"] == 5
    assert figures["errors"] == 3
    assert figures["statuses"] == {"200": 2, "302": 1, "404": 1, "failed": 1}
    assert figures["p50_ms"] == pytest.approx(2.5)
    assert figures["throughput_rps"] == pytest.approx(2.0)


def test_figures_without_answers_have_no_percentiles():
    figures = http_figures(
        latencies=[], statuses=Counter(), failures=3, seconds=1.0, peak_mb=0.0
    )

    assert figures["errors"] == 3
    assert figures["p50_ms"] is None


def test_table_shows_each_scenario_and_each_failure():
    document = {
        "size": "tiny",
        "options": {"requests": 10, "concurrency": 2, "time_limit_s": 5.0},
        "environment": {
            "server_detail": "gunicorn, 2 sync workers",
            "cores": 2,
            "git_rev": "abc1234",
            "git_dirty": False,
        },
        "dataset": {
            "counts": {"registry.entity": 200, "disclosures.penalty": 900},
            "today": "2026-12-06",
        },
        "scenarios": [
            {"name": "health", "kind": "http", "requests": 10, "errors": 0}
            | dict.fromkeys(("p50_ms", "p95_ms", "p99_ms"), 1.5)
            | {"throughput_rps": 300.0, "peak_rss_mb": 120.0},
            {"name": "reindex", "kind": "timed", "items": 900, "seconds": 2.0}
            | {"throughput_per_s": 450.0, "peak_rss_mb": 80.0},
            {"name": "broken", "kind": "http", "error": "BenchError: no requests"},
        ],
    }

    text = table(document)

    assert "200 entities, 900 permits and penalties, dated back from 2026-12-06" in text
    assert "gunicorn, 2 sync workers" in text
    assert any(
        line.startswith("health ") and "300.0" in line for line in text.split("\n")
    )
    assert any(
        line.startswith("reindex ") and "450.0" in line for line in text.split("\n")
    )
    assert "broken: failed: BenchError: no requests" in text
