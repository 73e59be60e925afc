"""The harness end to end, on the tiny dataset. No timing is ever asserted."""

import datetime
import json

import pytest
from django.core.management import call_command

from portal.bench import datasets
from portal.bench.exceptions import BenchError
from portal.bench.registry import (
    SCENARIOS,
    Job,
    Request,
    get_scenarios,
    scenario,
    timed,
)
from portal.bench.runner import Options, run_benchmark
from portal.registry.models import Entity

FIGURES = ("p50_ms", "p95_ms", "p99_ms", "throughput_rps", "peak_rss_mb")
FEW = Options(requests=12, concurrency=2, time_limit=15)
RENAMED = "改名测试"


@pytest.fixture
def test_scenarios():
    """Register a scenario that only meets 404s and a timed job, for one test."""

    @scenario("test-missing-page", description="A path nothing serves.")
    def missing_page(ctx):
        for n in range(3):
            yield Request(f"/bench-nothing-here-{n}/")

    @timed("test-check", description="The system check, in a subprocess.")
    def check(ctx):
        return ctx.command("check", items=1)

    @timed("test-rename", description="A write, which must not reach the dataset.")
    def rename(ctx):
        return Job(call=lambda: Entity.objects.update(name=RENAMED), writes=True)

    names = ["test-missing-page", "test-check", "test-rename"]
    yield names
    for name in names:
        del SCENARIOS[name]


def _run(tiny_dataset, **kwargs):
    return run_benchmark(
        size="tiny",
        directory=tiny_dataset.path.parent,
        options=FEW,
        collect_static=False,
        quiet=True,
        log=lambda message: None,
        **kwargs,
    )


def test_gunicorn_run_reports_every_scenario_asked_for(
    tiny_dataset, bench_db, test_scenarios
):
    names = ["health", *test_scenarios]

    document, path = _run(tiny_dataset, names=names, server_mode="gunicorn")

    saved = json.loads(path.read_text())
    assert saved == json.loads(json.dumps(document))
    assert path.name.endswith(f"-tiny-{saved['environment']['git_rev']}.json")
    assert saved["environment"]["server"] == "gunicorn"
    assert saved["environment"]["workers"] >= 2
    assert saved["dataset"]["counts"]["registry.entity"] > 0
    assert saved["server_peak_rss_mb"] > 0
    rows = {row["name"]: row for row in saved["scenarios"]}
    assert list(rows) == names
    health, missing, check, rename = (rows[name] for name in names)
    assert "error" not in health, health
    assert health["requests"] == FEW.requests
    assert health["errors"] == 0
    assert all(health[figure] is not None for figure in FIGURES)
    assert missing["requests"] == FEW.requests
    assert missing["errors"] == missing["requests"]
    assert all(missing[figure] is not None for figure in FIGURES)
    assert "error" not in check, check
    assert check["kind"] == "timed"
    assert check["seconds"] is not None
    assert check["throughput_per_s"] is not None
    assert check["peak_rss_mb"] > 0
    assert "error" not in rename, rename
    with datasets.connected(tiny_dataset):
        assert not Entity.objects.filter(name=RENAMED).exists()


def test_inprocess_run_signs_in_for_the_admin_scenarios(tiny_dataset, bench_db):
    names = [item.name for item in get_scenarios() if item.name.startswith("admin-")]

    document, path = _run(tiny_dataset, names=names, server_mode="inprocess")

    assert document["environment"]["server"] == "inprocess"
    rows = json.loads(path.read_text())["scenarios"]
    assert [row["name"] for row in rows] == names
    for row in rows:
        assert "error" not in row, row
        # A failed sign-in would show as redirects to the login page.
        assert row["statuses"] == {"200": FEW.requests}, row
        assert all(row[figure] is not None for figure in FIGURES)


def test_a_built_dataset_is_reused(tiny_dataset, bench_db):
    again = datasets.ensure_dataset(
        "tiny", directory=tiny_dataset.path.parent, log=lambda message: None
    )

    assert again.meta["built_at"] == tiny_dataset.meta["built_at"]


def test_a_dataset_is_reused_when_asked_for_the_day_it_is_dated_from(
    tiny_dataset, bench_db
):
    day = datetime.date.fromisoformat(tiny_dataset.meta["today"])

    again = datasets.ensure_dataset(
        "tiny", directory=tiny_dataset.path.parent, log=lambda message: None, today=day
    )

    assert again.meta["built_at"] == tiny_dataset.meta["built_at"]


def test_a_dataset_dated_from_another_day_is_not_the_one_asked_for(tiny_dataset):
    spec, meta = datasets.SIZES["tiny"], tiny_dataset.meta
    other = datetime.date.fromisoformat(meta["today"]) - datetime.timedelta(days=1)

    assert datasets._is_complete(tiny_dataset.path, meta, spec)
    assert not datasets._is_complete(tiny_dataset.path, meta, spec, today=other)


def test_unknown_scenarios_are_refused_before_any_work():
    with pytest.raises(BenchError, match="no-such-scenario"):
        run_benchmark(size="tiny", names=["health", "no-such-scenario"])


def test_the_command_lists_the_scenarios(capsys):
    call_command("bench", "--list")

    listed = capsys.readouterr().out
    for item in get_scenarios():
        assert item.name in listed


def test_the_search_scenarios_answer_and_the_rebuild_counts_every_document(
    tiny_dataset, bench_db
):
    names = [item.name for item in get_scenarios() if item.name.startswith("search-")]
    assert "search-rebuild" in names

    _document, path = _run(tiny_dataset, names=names, server_mode="inprocess")

    rows = {row["name"]: row for row in json.loads(path.read_text())["scenarios"]}
    for name in ("search-fragment", "search-company", "search-uscc"):
        assert rows[name]["statuses"] == {"200": FEW.requests}, rows[name]
    assert rows["search-facts-phrase"]["statuses"] == {"200": FEW.requests}
    rebuild = rows["search-rebuild"]
    assert "error" not in rebuild, rebuild
    assert rebuild["items"] == tiny_dataset.counts["search.searchdocument"]
