"""Interleaved rounds: the portal, the peer and the floor take turns.

On a shared machine absolute figures move by half or double within minutes,
so the sides of a pair are never measured one after the other: each round
gives every side a share of the requests and of the time limit, and the
order turns around from one round to the next (portal, peer, floor; then
floor, peer, portal), so that drift falls on all of them alike.
"""

import dataclasses
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from portal.bench import report
from portal.bench.client import FAILURES, Client

ROUNDS = 5


@dataclass
class Tally:
    """What one side's share of a round gave (latencies in seconds)."""

    latencies: list[float]
    statuses: Counter
    failures: int
    seconds: float


@dataclass(frozen=True)
class Side:
    """One side of a pair: its requests, how to load it, how to probe it.

    `measure(requests, count, options)` sends `count` requests (cycling) within
    `options.time_limit` and returns a Tally. `probe(requests, time_limit)`
    asks each request once, until the time limit, and returns (status, what
    the answer found) for each request asked.
    """

    name: str
    requests: Sequence
    measure: Callable
    probe: Callable


def interleave(sides: list[Side], *, options, rounds: int = ROUNDS) -> dict[str, dict]:
    """Probe every side (off the record: it warms them up), then load them in
    turns; return each side's figures by its name."""
    probes = {
        side.name: side.probe(side.requests, options.time_limit) for side in sides
    }
    share = max(1, math.ceil(options.requests / rounds))
    slot = dataclasses.replace(options, time_limit=options.time_limit / rounds)
    tallies = {side.name: [] for side in sides}
    for turn in range(rounds):
        for side in sides if turn % 2 == 0 else reversed(sides):
            # Each round goes on from where the last one stopped.
            start = turn * share % len(side.requests)
            requests = [*side.requests[start:], *side.requests[:start]]
            tallies[side.name].append(side.measure(requests, share, slot))
    return {
        side.name: _figures(tallies[side.name], probes[side.name], side.requests)
        for side in sides
    }


def _figures(tallies: list[Tally], probes, requests) -> dict:
    figures = report.http_figures(
        latencies=[latency for tally in tallies for latency in tally.latencies],
        statuses=sum((tally.statuses for tally in tallies), Counter()),
        failures=sum(tally.failures for tally in tallies),
        seconds=sum(tally.seconds for tally in tallies),
        peak_mb=None,
    )
    del figures["peak_rss_mb"]  # the peer's memory is the run's, not a pair's
    found = [found for status, found in probes if status == 200]
    counted = [value for value in found if value is not None]
    return figures | {
        "distinct_requests": len(requests),
        # A slow side is probed until the time limit, not on every request.
        "probed": len(probes),
        "probe_errors": len(probes) - len(found),
        # How many requests probed found anything, and how much in all (a
        # CSV's rows); None where an answer is a page, not a count.
        "with_results": sum(1 for value in counted if value) if counted else None,
        "results": sum(counted) if counted else None,
    }


def until(items, time_limit: float):
    """Yield the items until the time limit has passed (the first one always)."""
    deadline = time.monotonic() + time_limit
    for i, item in enumerate(items):
        if i and time.monotonic() >= deadline:
            return
        yield item


def compare(figures: dict[str, dict], *, rows: bool = False) -> dict:
    """Return the portal's ratios to the peer (below 1.0: the portal is
    faster) and, for a download, each side's rows per second at p50."""
    portal, peer = figures["portal"], figures["peer"]
    comparison = {
        f"ratio_{q}": _ratio(portal[f"{q}_ms"], peer[f"{q}_ms"]) for q in ("p50", "p95")
    }
    if rows:
        comparison["rows_per_s"] = {
            name: _rows_per_s(side) for name, side in figures.items()
        }
    return comparison


def _ratio(portal, peer) -> float | None:
    return round(portal / peer, 2) if portal and peer else None


def _rows_per_s(side: dict) -> float | None:
    if not side["results"] or not side["p50_ms"]:
        return None
    return round(side["results"] / (side["p50_ms"] / 1000), 1)


def probe_http(
    base_url: str, requests, found, time_limit: float
) -> list[tuple[int | None, int | None]]:
    """Ask each request once on one connection, until the time limit;
    `found(body)` reads what an answer found (None: the answer is not counted)."""
    client = Client(base_url)
    answers = []
    try:
        for request in until(requests, time_limit):
            try:
                response = client.send(request)
            except FAILURES:
                answers.append((None, None))
                continue
            ok = response.status == 200 and found is not None
            answers.append((response.status, found(response.body) if ok else None))
    finally:
        client.close()
    return answers
