"""Run scenarios against a server on a dataset and gather their figures."""

import contextlib
import datetime
import itertools
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from portal.bench import datasets, pairs, peer, report, rounds, server
from portal.bench.client import FAILURES, Client
from portal.bench.dependencies import require_psutil
from portal.bench.exceptions import BenchError
from portal.bench.floor import Floor
from portal.bench.memory import PeakMemory
from portal.bench.registry import Context, Kind, get_scenarios
from portal.core.dates import local_today


@dataclass(frozen=True)
class Options:
    """How hard and how long to push each scenario."""

    requests: int = 300
    concurrency: int = 4
    time_limit: float = 60.0
    seed: int = datasets.SEED


def run_benchmark(
    *,
    size: str,
    names=None,
    server_mode: str = "gunicorn",
    options: Options = Options(),
    workers: int | None = None,
    rebuild: bool = False,
    directory: Path | None = None,
    collect_static: bool = True,
    quiet: bool = False,
    log=print,
    database_url: str = "",
    cache_url: str = "",
    today: datetime.date | None = None,
    peer_name: str = "",
) -> tuple[dict, Path]:
    """Run the named scenarios (all by default); return the report and its file.

    The dataset is a SQLite file unless `database_url` names a PostgreSQL
    database of the bench's; the server's cache is the state database's table
    unless `cache_url` names another (Redis). With `peer_name`, the run
    measures the pairs against that peer instead, `names` naming pairs.
    """
    # Before a dataset is built, which can take minutes.
    require_psutil()
    if options.requests < 1 or options.concurrency < 1 or options.time_limit <= 0:
        raise BenchError("Requests, concurrency and time limit must be positive.")
    if peer_name:
        peer.require_known(peer_name)
        if database_url:
            raise BenchError(
                "--peer serves the dataset's SQLite file to the peer as well; "
                "leave out --database-url (a PostgreSQL dataset has no file to share)."
            )
        specs, scenarios = pairs.select(names), []
    else:
        scenarios = get_scenarios(names)
    directory = Path(directory or datasets.default_directory())
    dataset = datasets.ensure_dataset(
        size,
        directory=directory,
        rebuild=rebuild,
        quiet=quiet,
        log=log,
        database_url=database_url,
        today=today,
    )
    if peer_name:
        venv = peer.environment(directory, log=log)
        copy = peer.prepare_copy(dataset, venv, log=log)
        peer_server = peer.DatasetteServer(venv, copy, log_path=directory / "peer.log")
    started, load = _now(), report.load_average()
    target = server.create(
        server_mode,
        dataset,
        log_path=directory / "server.log",
        workers=workers,
        collect_static=collect_static,
        cache_url=cache_url,
    )
    with datasets.connected(dataset), target, PeakMemory(target.pid) as memory:
        log(f"Server: {target.describe()} at {target.url}")
        results = []
        for scenario in scenarios:
            log(f"Running {scenario.name}...")
            context = _context(dataset, target, options, scenario.name)
            results.append(_run(scenario, context, target, memory, options))
        if peer_name:
            with peer_server, PeakMemory(peer_server.pid) as peer_memory:
                log(f"Peer: {peer_server.describe()} at {peer_server.url}")
                paired = _run_pairs(specs, dataset, target, peer_server, options, log)
            compared = {
                "name": peer_name,
                "versions": peer.versions(venv),
                "copy": str(peer_server.path),
                "server": peer_server.describe(),
                "server_log": str(peer_server.log_path),
                "peak_rss_mb": round(peer_memory.overall_mb, 2),
                "rounds": rounds.ROUNDS,
                "pairs": paired,
            }
    document = {
        "started_at": started,
        "finished_at": _now(),
        "size": size,
        "options": {
            "requests": options.requests,
            "concurrency": options.concurrency,
            "time_limit_s": options.time_limit,
            "seed": options.seed,
        },
        "environment": report.environment(
            target, load=load, database_url=dataset.database_url, cache_url=cache_url
        ),
        "dataset": _describe(dataset),
        "server_log": str(target.log_path) if target.log_path else None,
        "server_peak_rss_mb": round(memory.overall_mb, 2),
        "scenarios": results,
    }
    if peer_name:
        document["peer"] = compared
    return document, report.write(document, directory)


def _now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


def _describe(dataset) -> dict:
    keys = ("seed", "today", "built_at", "build_seconds", "fingerprint", "counts")
    return {"path": str(dataset.path)} | {key: dataset.meta.get(key) for key in keys}


def _run(scenario, context, target, memory, options) -> dict:
    row = {
        "name": scenario.name,
        "kind": str(scenario.kind),
        "description": scenario.description,
    }
    try:
        if scenario.kind == Kind.HTTP:
            return row | _run_http(scenario, context, target, memory, options)
        return row | _run_timed(scenario, context, options)
    except Exception as error:  # one broken scenario must not sink the others
        return row | {"error": f"{error.__class__.__name__}: {error}"}


def _run_http(scenario, context, target, memory, options) -> dict:
    requests = list(itertools.islice(scenario.func(context) or (), options.requests))
    if not requests:
        raise BenchError("the scenario asked for no requests")
    # Warm each worker up (imports, template caches) off the record.
    warmup = requests[-options.concurrency * 2 :]
    _load(target.url, warmup, count=len(warmup), options=options)
    memory.reset()
    load = _load(target.url, requests, count=options.requests, options=options)
    figures = report.http_figures(
        latencies=load.latencies,
        statuses=load.statuses,
        failures=load.failures,
        seconds=load.seconds,
        peak_mb=memory.peak_mb,
    )
    return figures | {
        "distinct_requests": len(requests),
        "stopped_by": "requests" if figures["requests"] >= options.requests else "time",
    }


@dataclass
class _Load:
    latencies: list[float]
    statuses: Counter
    failures: int
    seconds: float


def _load(base_url, requests, *, count, options) -> _Load:
    """Send `count` requests from `concurrency` threads, or stop at the time limit."""
    load = _Load([], Counter(), 0, 0.0)
    lock = threading.Lock()
    numbers = itertools.count()
    deadline = time.monotonic() + options.time_limit

    def work():
        client = Client(base_url)
        try:
            while (i := next(numbers)) < count and time.monotonic() < deadline:
                request = requests[i % len(requests)]
                started = time.perf_counter()
                try:
                    status = client.send(request).status
                except FAILURES:
                    status = None
                elapsed = time.perf_counter() - started
                with lock:
                    if status is None:
                        load.failures += 1
                    else:
                        load.latencies.append(elapsed)
                        load.statuses[status] += 1
        finally:
            client.close()

    # Daemon threads, so that an interrupted run exits without waiting on them.
    threads = [
        threading.Thread(target=work, daemon=True) for _ in range(options.concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    return load


def _context(dataset, target, options, name: str) -> Context:
    """A scenario's context; its generator is seeded by the scenario's name, so
    every run of the same dataset sends the same requests."""
    return Context(
        dataset=dataset,
        base_url=target.url,
        rng=random.Random(f"{options.seed}:{name}"),
    )


def _run_pairs(specs, dataset, target, peer_server, options, log) -> list[dict]:
    """Measure each pair in interleaved rounds: portal, peer, and the floor."""
    datasette = pairs.Datasette(peer_server.database, local_today())
    results = []
    with Floor(peer_server.path) as bare:
        for spec in specs:
            log(f"Pairing {spec.name}...")
            # Seeded as the scenario's own run, so both draw the same queries.
            context = _context(dataset, target, options, spec.scenario or spec.name)
            row = {"name": spec.name, "title": spec.title, "scenario": spec.scenario}
            try:
                pair = pairs.build(spec, context, datasette, limit=options.requests)
                sides = [
                    _http_side("portal", target.url, pair.portal, spec.portal_found),
                    _http_side("peer", peer_server.url, pair.peer, spec.peer_found),
                ]
                if pair.floor:
                    sides.append(
                        rounds.Side("floor", pair.floor, bare.measure, bare.probe)
                    )
                figures = rounds.interleave(sides, options=options)
            except Exception as error:  # one broken pair must not sink the others
                results.append(row | {"error": f"{error.__class__.__name__}: {error}"})
                continue
            examples = {"portal": pair.portal[0].path, "peer": pair.peer[0].path}
            results.append(
                row
                | {"examples": examples}
                | figures
                | rounds.compare(figures, rows=spec.rows)
            )
    return results


def _http_side(name, url, requests, found) -> rounds.Side:
    return rounds.Side(
        name,
        requests,
        measure=lambda requests, count, options: _load(
            url, requests, count=count, options=options
        ),
        probe=lambda requests, time_limit: rounds.probe_http(
            url, requests, found, time_limit
        ),
    )


def _run_timed(scenario, context, options) -> dict:
    job = scenario.func(context)
    if bool(job.command) == (job.call is not None):
        raise BenchError("a job needs either a command or a callable")
    scratch = datasets.scratch_copy if job.writes else contextlib.nullcontext
    with scratch(context.dataset) as dataset:
        if job.command:
            seconds, peak_mb = _time_command(job.command, dataset, job.timeout)
        else:
            switched = datasets.connected if job.writes else contextlib.nullcontext
            with switched(dataset), PeakMemory(os.getpid()) as memory:
                started = time.perf_counter()
                job.call()
                seconds = time.perf_counter() - started
            peak_mb = memory.overall_mb
    return {
        "command": " ".join(job.command) or None,
        "items": job.items,
        "seconds": round(seconds, 2),
        "throughput_per_s": round(job.items / seconds, 2) if job.items else None,
        "peak_rss_mb": round(peak_mb, 2),
    }


def _time_command(command, dataset, timeout) -> tuple[float, float]:
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    with open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, manage, *command],
            cwd=settings.BASE_DIR,
            env=datasets.process_env(dataset.database_url),
            stdout=devnull,
            stderr=subprocess.PIPE,
        )
        with PeakMemory(process.pid) as memory:
            try:
                _, errors = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise BenchError(f"the job ran past {timeout:g} s") from None
        seconds = time.perf_counter() - started
    if process.returncode:
        tail = errors.decode(errors="replace")[-2000:]
        raise BenchError(f"the job exited with {process.returncode}: {tail}")
    return seconds, memory.overall_mb
