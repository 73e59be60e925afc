"""The floor: bare SQLite in the bench process, asked what the peer is asked.

No HTTP, no framework, one connection on one thread: what the same file
takes to answer at all, under both servers' figures. It reads the peer's copy,
which has the full-text tables the search queries need.
"""

import csv
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from portal.bench.rounds import Tally, until

# Datasette's escaping of a search (datasette.utils.escape_fts): every word,
# or quoted phrase, becomes one quoted phrase.
_FTS_BITS = re.compile(r'\s+|(".*?")')


def escape_fts(query: str) -> str:
    """Return the search as Datasette passes it to MATCH by default."""
    if query.count('"') % 2:
        query += '"'
    bits = [bit for bit in _FTS_BITS.split(query) if bit and bit != '""']
    return " ".join(bit if bit.startswith('"') else f'"{bit}"' for bit in bits)


@dataclass(frozen=True)
class Query:
    """Statements answering one request; the first one's value is what it found.

    With `csv`, the one statement's rows are written as CSV (to nowhere) and
    what it found is the number of rows.
    """

    statements: tuple[tuple[str, tuple], ...]
    csv: bool = False


def search(table: str, text: str, *, page_size: int) -> Query:
    """Datasette's search of a table: the count, then the first page by id."""
    matching = (
        f"FROM {table} WHERE id IN "
        f"(SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)"
    )
    match = escape_fts(text)
    return Query(
        (
            (f"SELECT count(*) {matching}", (match,)),
            # One row more than the page, as Datasette reads to know of a next one.
            (f"SELECT * {matching} ORDER BY id LIMIT ?", (match, page_size + 1)),
        )
    )


def export(sql: str, params: tuple) -> Query:
    return Query(((sql, params),), csv=True)


class _Nowhere:
    def write(self, text):
        return len(text)


class Floor:
    """A read-only connection to the peer's copy, answering `Query`s."""

    def __init__(self, path: Path):
        self.path = path
        self._connection = None

    def __enter__(self):
        self._connection = sqlite3.connect(
            f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
        )
        return self

    def __exit__(self, *exc_info):
        self._connection.close()

    def answer(self, query: Query) -> int:
        """Run the query; return what it found."""
        if query.csv:
            [(sql, params)] = query.statements
            cursor = self._connection.execute(sql, params)
            writer = csv.writer(_Nowhere())
            writer.writerow(column[0] for column in cursor.description)
            rows = 0
            for row in cursor:
                writer.writerow(row)
                rows += 1
            return rows
        found = None
        for sql, params in query.statements:
            rows = self._connection.execute(sql, params).fetchall()
            if found is None:
                found = rows[0][0]
        return found

    def probe(self, queries, time_limit: float) -> list[tuple[int | None, int | None]]:
        return [self._probe(query) for query in until(queries, time_limit)]

    def _probe(self, query):
        try:
            return 200, self.answer(query)
        except sqlite3.Error:
            return None, None

    def measure(self, queries, count: int, options) -> Tally:
        """Answer `count` queries in turn, or stop at the time limit."""
        tally = Tally([], Counter(), 0, 0.0)
        started = time.perf_counter()
        deadline = time.monotonic() + options.time_limit
        for i in range(count):
            if time.monotonic() >= deadline:
                break
            before = time.perf_counter()
            try:
                self.answer(queries[i % len(queries)])
            except sqlite3.Error:
                tally.failures += 1
            else:
                tally.latencies.append(time.perf_counter() - before)
                tally.statuses[200] += 1
        tally.seconds = time.perf_counter() - started
        return tally
