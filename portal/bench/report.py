"""Figures: percentiles, the environment, the terminal table and the JSON file."""

import datetime
import json
import math
import os
import platform
import sqlite3
import subprocess
import unicodedata
from pathlib import Path

import django
import psycopg
from django.conf import settings

from portal.bench.dependencies import require_psutil


def percentile(values, q: float) -> float | None:
    """Return the q-th percentile, interpolating between the closest ranks.

    This is the "linear" method (numpy's default, Hyndman and Fan's type 7):
    the 50th percentile of 1, 2, 3, 4 is 2.5. None when there are no values.
    """
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must lie between 0 and 100.")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def http_figures(*, latencies, statuses, failures, seconds, peak_mb) -> dict:
    """Summarise one HTTP scenario's load (latencies in seconds)."""
    answered = len(latencies)
    errors = failures + sum(
        count for status, count in statuses.items() if not 200 <= status < 300
    )
    ms = [latency * 1000 for latency in latencies]
    return {
        "requests": answered + failures,
        "errors": errors,
        "statuses": {str(status): count for status, count in sorted(statuses.items())}
        | ({"failed": failures} if failures else {}),
        "p50_ms": _round(percentile(ms, 50)),
        "p95_ms": _round(percentile(ms, 95)),
        "p99_ms": _round(percentile(ms, 99)),
        "mean_ms": _round(sum(ms) / answered if answered else None),
        "max_ms": _round(max(ms, default=None)),
        "throughput_rps": _round(answered / seconds if seconds else None),
        "seconds": _round(seconds),
        "peak_rss_mb": _round(peak_mb),
    }


def load_average() -> list[float] | None:
    """Return the 1, 5 and 15-minute load averages: how busy the machine was."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):  # not on every platform
        return None


def environment(
    server, *, load: list[float] | None, database_url: str = "", cache_url: str = ""
) -> dict:
    """Describe what the figures were measured on."""
    revision, dirty = _git()
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": _database(database_url),
        "cache": _cache(cache_url),
        "server": server.mode,
        "server_detail": server.describe(),
        "workers": server.workers,
        "worker_class": server.worker_class,
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(require_psutil().virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
        "load_average_at_start": load,
        "git_rev": revision,
        "git_dirty": dirty,
    }


def _database(url: str) -> str:
    if not url.startswith("postgres"):
        return f"SQLite {sqlite3.sqlite_version}"
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as db:
            version = db.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        version = "(version unknown)"
    return f"PostgreSQL {version}"


def _cache(url: str) -> str:
    """Name the cache without its credentials."""
    if not url:
        return "the state database's table"
    return url.split("://", 1)[0]


def write(document: dict, directory: Path) -> Path:
    """Write the run's JSON file, named by date, size and git revision."""
    started = datetime.datetime.fromisoformat(document["started_at"])
    revision = document["environment"]["git_rev"]
    name = f"{started:%Y%m%d-%H%M%S}-{document['size']}-{revision}.json"
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path


def table(document: dict) -> str:
    """Return the run as a plain-text table, as printed on the terminal."""
    environment, options = document["environment"], document["options"]
    counts = document["dataset"]["counts"]
    records = counts.get("disclosures.permit", 0) + counts.get("disclosures.penalty", 0)
    lines = [
        f"{document['size']} dataset: {counts.get('registry.entity', 0):,} entities, "
        f"{records:,} permits and penalties, dated back from "
        f"{document['dataset'].get('today') or 'an unrecorded day'}",
        f"server: {environment['server_detail']}; {environment['cores']} cores; "
        f"{environment.get('database', 'SQLite')}, cache: "
        f"{environment.get('cache', 'the state database')}; "
        f"git {environment['git_rev']}{' (dirty)' if environment['git_dirty'] else ''}",
        f"load average at start: {_cell(environment.get('load_average_at_start'))}",
        f"load: concurrency {options['concurrency']}, up to {options['requests']} "
        f"requests or {options['time_limit_s']:g} s per scenario",
        "",
    ]
    rows = document["scenarios"]
    http = [row for row in rows if row["kind"] == "http" and "error" not in row]
    timed = [row for row in rows if row["kind"] == "timed" and "error" not in row]
    if http:
        lines += _columns(_HTTP_COLUMNS, http)
    if timed:
        lines += _columns(_TIMED_COLUMNS, timed)
    lines += [
        f"{row['name']}: failed: {row['error']}" for row in rows if "error" in row
    ]
    return "\n".join(lines).rstrip()


_HTTP_COLUMNS = [
    ("scenario", "name"),
    ("requests", "requests"),
    ("errors", "errors"),
    ("p50 ms", "p50_ms"),
    ("p95 ms", "p95_ms"),
    ("p99 ms", "p99_ms"),
    ("req/s", "throughput_rps"),
    ("peak MB", "peak_rss_mb"),
]
_TIMED_COLUMNS = [
    ("job", "name"),
    ("items", "items"),
    ("seconds", "seconds"),
    ("items/s", "throughput_per_s"),
    ("peak MB", "peak_rss_mb"),
]


def _columns(columns, rows) -> list[str]:
    cells = [
        [title for title, _ in columns],
        *([_cell(row[key]) for _, key in columns] for row in rows),
    ]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(columns))]
    lines = [
        "  ".join(
            _pad(value, width, left=i == 0)
            for i, (value, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in cells
    ]
    return [*lines, ""]


def _width(text: str) -> int:
    """Return the columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    padding = " " * (width - _width(text))
    return text + padding if left else padding + text


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        return " ".join(_cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _round(value, digits: int = 2):
    return None if value is None else round(value, digits)


def _git() -> tuple[str, bool]:
    def git(*args):
        return subprocess.run(
            ["git", *args],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    try:
        revision = git("rev-parse", "--short", "HEAD")
        dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.CalledProcessError):
        return "nogit", False
    return revision, dirty


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def peer_table(document: dict) -> str:
    """Return the pairs against the peer as a plain-text table ("" without)."""
    compared = document.get("peer")
    if not compared:
        return ""
    versions = ", ".join(f"{name} {v}" for name, v in compared["versions"].items())
    lines = [
        f"peer: {versions}; {compared['rounds']} interleaved rounds per pair; "
        "ratio = portal / peer (below 1.0: the portal is faster); "
        "floor = bare SQLite, one thread, no HTTP",
        "",
    ]
    rows = compared["pairs"]
    measured = [row for row in rows if "error" not in row]
    if measured:
        lines += _columns(_PEER_COLUMNS, [_peer_cells(row) for row in measured])
    for row in measured:
        lines += _peer_notes(row)
    lines += [
        f"{row['name']}: failed: {row['error']}" for row in rows if "error" in row
    ]
    return "\n".join(lines).rstrip()


_SIDES = ("portal", "peer", "floor")
_PEER_COLUMNS = [
    ("measure", "title"),
    ("portal p50", "portal_p50"),
    ("peer p50", "peer_p50"),
    ("ratio p50", "ratio_p50"),
    ("portal p95", "portal_p95"),
    ("peer p95", "peer_p95"),
    ("ratio p95", "ratio_p95"),
    ("floor p50", "floor_p50"),
]


def _peer_cells(row: dict) -> dict:
    cells = {"title": row["title"]}
    for side in _SIDES:
        for q in ("p50", "p95"):
            cells[f"{side}_{q}"] = row.get(side, {}).get(f"{q}_ms")
    for q in ("p50", "p95"):
        ratio = row[f"ratio_{q}"]
        # Two decimals: a ratio near 1.0 is the point of the table.
        cells[f"ratio_{q}"] = None if ratio is None else f"{ratio:.2f}"
    return cells


def _peer_notes(row: dict) -> list[str]:
    """What the ratios alone do not say: errors, results found, rows per second."""
    sides = [side for side in _SIDES if side in row]
    notes = [
        f"{row['title']}: {side} {row[side]['errors']:,} errors {row[side]['statuses']}"
        for side in sides
        if row[side]["errors"] or row[side]["probe_errors"]
    ]
    if "rows_per_s" in row:
        notes.append(
            f"{row['title']}: "
            + "; ".join(
                f"{side} {_cell(row[side]['results'])} rows, "
                f"{_cell(row['rows_per_s'][side])} rows/s"
                for side in sides
            )
        )
    elif row["portal"]["with_results"] is not None:
        notes.append(
            f"{row['title']}: queries with results: "
            + ", ".join(
                f"{side} {_cell(row[side]['with_results'])} of {row[side]['probed']:,}"
                for side in sides
            )
        )
    return notes
