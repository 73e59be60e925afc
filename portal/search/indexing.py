"""The one path by which records reach the search index, and the check on it.

Writers call `schedule_reindex(kind, ids)` after changing records: once the
transaction commits, the public ones are indexed and the others removed. A
failure there is logged and never blocks the write; `check()` finds the drift
and `check(repair=True)` fixes it. Updates after a write wait for
Elasticsearch no longer than a search does, count towards the search
breaker, and are skipped while it is open (left to the check): a silent
cluster never holds up a publish. Rebuilds and checks, run by management
commands, wait longer.
"""

import datetime
import itertools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from portal.search import documents as sources
from portal.search.backends.base import SearchBackend
from portal.search.query import KINDS
from portal.search.selection import breaker, get_backend, maintenance_backend

logger = logging.getLogger(__name__)


def reindex_objects(
    kind: str, ids: Iterable[int], *, backend: SearchBackend | None = None
) -> None:
    """Index the public records among `ids`; remove the others from the index."""
    backend = backend or get_backend()
    ids = set(ids)
    found = set()

    def public():
        for document in sources.documents(kind, ids):
            found.add(document.object_id)
            yield document

    backend.index(public())
    backend.remove(f"{kind}:{pk}" for pk in sorted(ids - found))


def schedule_reindex(kind: str, ids: Iterable[int]) -> None:
    """Reindex the records once the current transaction commits."""
    ids = list(ids)

    def run():
        elasticsearch = bool(settings.ELASTICSEARCH_URL)
        if elasticsearch and not breaker.allows():
            logger.warning(
                "Elasticsearch is not answering; %s %s are left for "
                "`search_index check --repair`.",
                kind,
                ids,
            )
            return
        try:
            reindex_objects(kind, ids)
        except Exception as error:
            if elasticsearch and _unavailable(error):
                breaker.failed()
            # A publish or withdrawal must go through; the check repairs this.
            logger.exception("Could not reindex %s %s", kind, ids)
        else:
            if elasticsearch:
                breaker.succeeded()

    transaction.on_commit(run)


def _unavailable(error: Exception) -> bool:
    from portal.search.backends.elasticsearch import UNAVAILABLE

    return isinstance(error, UNAVAILABLE)


def schedule_reindex_showing(obj) -> None:
    """Reindex, after commit, every document showing this object: its own, and
    those quoting its name (a renamed company must not keep its old name)."""
    for kind, ids in sources.showing(obj).items():
        if ids:
            schedule_reindex(kind, ids)


def all_documents():
    return itertools.chain.from_iterable(sources.documents(kind) for kind in KINDS)


def public_count() -> int:
    return sum(sources.count(kind) for kind in KINDS)


def rebuild(progress: Callable[[int], None] = lambda n: None) -> int:
    """Replace the whole index with every public document; return how many."""
    return maintenance_backend().rebuild(all_documents(), progress=progress)


@dataclass
class Drift:
    missing: list[str] = field(default_factory=list)  # public, not indexed
    stale: list[str] = field(default_factory=list)  # indexed before the last change
    extra: list[str] = field(default_factory=list)  # indexed, not public

    def __len__(self):
        return len(self.missing) + len(self.stale) + len(self.extra)


@dataclass
class CheckReport:
    kinds: dict[str, Drift]
    problems: list[str] = field(default_factory=list)  # in the index itself
    repaired: bool = False

    @property
    def drift(self) -> int:
        return sum(len(drift) for drift in self.kinds.values())

    @property
    def healthy(self) -> bool:
        return not self.drift and not self.problems


def _indexed_by_kind(backend) -> dict[str, dict[int, datetime.datetime | None]]:
    indexed = defaultdict(dict)
    for key, updated_at in backend.indexed():
        kind, _, pk = key.partition(":")
        indexed[kind][int(pk)] = updated_at
    return indexed


def _public(kind: str) -> dict[int, datetime.datetime | None]:
    return dict(sources.changed_at(kind))


def check(*, repair: bool = False) -> CheckReport:
    """Compare the index with the public records; fix the drift if asked."""
    backend = maintenance_backend()
    report = CheckReport(kinds={}, problems=backend.problems())
    if repair and report.problems:
        backend.repair()
    indexed = _indexed_by_kind(backend)
    for kind in KINDS:
        public, present = _public(kind), indexed.get(kind, {})
        drift = report.kinds[kind] = Drift()
        for pk, updated_at in public.items():
            if pk not in present:
                drift.missing.append(f"{kind}:{pk}")
            elif updated_at and (present[pk] is None or present[pk] < updated_at):
                drift.stale.append(f"{kind}:{pk}")
        drift.extra = [f"{kind}:{pk}" for pk in present if pk not in public]
        if repair and drift:
            keys = drift.missing + drift.stale + drift.extra
            pks = [int(key.partition(":")[2]) for key in keys]
            reindex_objects(kind, pks, backend=backend)
    report.repaired = repair and not report.healthy
    return report


def status() -> dict:
    """Return the backend's name, whether it answers, and counts per kind."""
    backend = maintenance_backend()
    ok = backend.ping()
    indexed = _indexed_by_kind(backend) if ok else {}
    return {
        "backend": backend.name,
        "ok": ok,
        "problems": backend.problems() if ok else [],
        "kinds": {
            kind: {"indexed": len(indexed.get(kind, {})), "public": sources.count(kind)}
            for kind in KINDS
        },
    }
