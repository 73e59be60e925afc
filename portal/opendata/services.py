"""Build the bulk files: a snapshot of every dataset and the delta since the last build.

Each dataset is read once, in id order, and written at the same time as gzip
CSV, gzip JSON Lines and a state file of (id, row digest). The previous build's
state file is read alongside in the same order, so the delta (rows added,
changed, removed) comes out of a merge of two sorted streams: memory stays flat
however many rows there are. A record withdrawn, repaired or out of its
publicity period since the last build is no longer in the snapshot and so is
listed as removed, which is how a removal reaches everyone who copied the data.
"""

import csv
import datetime
import gzip
import hashlib
import io
import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.utils import timezone

from portal.core.models import ChangeLogEntry
from portal.opendata import formats
from portal.opendata.columns import dumps
from portal.opendata.datasets import DATASETS, SCHEMA_VERSION, Dataset
from portal.opendata.models import Build, ExportFile
from portal.opendata.origins import site_origin

logger = logging.getLogger(__name__)

STORAGE_PREFIX = "opendata"
_CHUNK = 1024 * 1024


def storage_path(name: str) -> str:
    return f"{STORAGE_PREFIX}/{name}"


@dataclass
class _Output:
    """A gzip file being written to a temporary path, with its row count."""

    path: Path
    kind: str
    format: str
    rows: int = 0
    counts: dict = field(default_factory=dict)

    def open_text(self, stack: ExitStack):
        raw = stack.enter_context(self.path.open("wb"))
        # mtime=0: the same rows give the same bytes, and the same checksum.
        compressed = stack.enter_context(
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
        )
        return stack.enter_context(
            io.TextIOWrapper(compressed, encoding="utf-8", newline="")
        )


def _previous_state(storage: Storage, build: Build | None, dataset: Dataset):
    """Yield (id, digest) from the previous build's state file, in id order."""
    if build is None:
        return
    state = build.files.filter(dataset=dataset.name, kind=ExportFile.Kind.STATE).first()
    if state is None:
        return
    with (
        storage.open(storage_path(state.name), "rb") as raw,
        gzip.open(raw, "rt", encoding="utf-8") as lines,
    ):
        for line in lines:
            pk, digest = line.rstrip("\n").split("\t")
            yield int(pk), digest


def _digest(line: str) -> str:
    return hashlib.blake2b(line.encode(), digest_size=12).hexdigest()


def _write_dataset(
    dataset: Dataset, folder: Path, previous, *, origin: str
) -> list[_Output]:
    """Write the snapshot, state and delta files of one dataset into `folder`."""
    plan = dataset.plan(origin=origin)
    snapshot_csv = _Output(folder / f"{dataset.name}.csv.gz", "snapshot", "csv.gz")
    snapshot_jsonl = _Output(
        folder / f"{dataset.name}.jsonl.gz", "snapshot", "jsonl.gz"
    )
    state = _Output(folder / f"{dataset.name}.state.tsv.gz", "state", "tsv.gz")
    delta = _Output(folder / f"{dataset.name}.delta.jsonl.gz", "delta", "jsonl.gz")
    delta.counts = {"added": 0, "changed": 0, "removed": 0}
    has_previous = previous is not None
    before: Iterator = iter(previous or ())
    pending = next(before, None)

    with ExitStack() as stack:
        csv_text = snapshot_csv.open_text(stack)
        jsonl_text = snapshot_jsonl.open_text(stack)
        state_text = state.open_text(stack)
        delta_text = delta.open_text(stack) if has_previous else None
        csv_text.write(formats.BOM)
        writer = csv.writer(csv_text, lineterminator="\r\n")
        writer.writerow(plan.names)

        def emit(op: str, pk: int, line: str | None = None):
            record = f',"record":{line}' if line is not None else ""
            if op == "removed" and dataset.removal is not None:
                # Rows leave rarely: one read per removal says why it left.
                about = dataset.removal(pk)
                record = f',"removal":{dumps(about)}' if about else ""
            delta_text.write(f'{{"op":"{op}","id":{pk}{record}}}\n')
            delta.counts[op] += 1
            delta.rows += 1

        for pk, values in plan.read(dataset.public().order_by("pk")):
            # JSON first: as_csv() converts the values in place.
            line = dumps(plan.as_json(values))
            digest = _digest(line)
            writer.writerow(plan.as_csv(values))
            jsonl_text.write(line + "\n")
            state_text.write(f"{pk}\t{digest}\n")
            snapshot_csv.rows += 1
            snapshot_jsonl.rows += 1
            state.rows += 1
            if not has_previous:
                continue
            while pending is not None and pending[0] < pk:
                emit("removed", pending[0])
                pending = next(before, None)
            if pending is not None and pending[0] == pk:
                if pending[1] != digest:
                    emit("changed", pk, line)
                pending = next(before, None)
            else:
                emit("added", pk, line)
        while has_previous and pending is not None:
            emit("removed", pending[0])
            pending = next(before, None)
    outputs = [snapshot_csv, snapshot_jsonl, state]
    return [*outputs, delta] if has_previous else outputs


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _folder_name(build: Build) -> str:
    return f"{timezone.localtime(build.started_at):%Y%m%dT%H%M%S}-{build.pk}"


def build_exports(
    *,
    storage: Storage | None = None,
    now: datetime.datetime | None = None,
    origin: str = "",
) -> Build:
    """Write every dataset's snapshot and delta into media storage; return the build.

    The files only enter the catalogue (and the manifest) once all are written;
    a failed build leaves the previous one in place. Page addresses start with
    `origin`, else the site's (`origins.site_origin`).
    """
    storage = storage or default_storage
    origin = (origin or site_origin()).rstrip("/")
    previous = (
        Build.objects.filter(status=Build.Status.COMPLETE)
        .order_by("-started_at", "-pk")
        .first()
    )
    build = Build.objects.create(
        started_at=now or timezone.now(),
        schema_version=SCHEMA_VERSION,
        previous=previous,
    )
    saved: list[str] = []
    try:
        rows = _write_build(build, previous, storage, saved, origin=origin)
        with transaction.atomic():
            ExportFile.objects.bulk_create(rows)
            build.status = Build.Status.COMPLETE
            build.finished_at = timezone.now()
            build.save(update_fields=["status", "finished_at"])
            ChangeLogEntry.objects.create(
                content_type=ContentType.objects.get_for_model(Build),
                object_id=build.pk,
                action=ChangeLogEntry.Action.CREATE,
                changes={"files": [row.name for row in rows]},
                actor_label="build_exports",
                source="opendata",
            )
    except BaseException as error:
        for name in saved:
            storage.delete(name)
        build.status = Build.Status.FAILED
        build.error = f"{error.__class__.__name__}: {error}"
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    _prune(storage, build)
    return build


def _write_build(build, previous, storage, saved, *, origin) -> list[ExportFile]:
    folder_name = _folder_name(build)
    rows = []
    with tempfile.TemporaryDirectory(prefix="portal-exports-") as scratch:
        for dataset in DATASETS.values():
            folder = Path(scratch) / dataset.name
            folder.mkdir()
            state = _previous_state(storage, previous, dataset) if previous else None
            for output in _write_dataset(dataset, folder, state, origin=origin):
                name = f"{folder_name}/{output.path.name}"
                with output.path.open("rb") as handle:
                    stored = storage.save(storage_path(name), File(handle))
                saved.append(stored)
                rows.append(
                    ExportFile(
                        build=build,
                        dataset=dataset.name,
                        kind=output.kind,
                        format=output.format,
                        name=stored.removeprefix(f"{STORAGE_PREFIX}/"),
                        rows=output.rows,
                        bytes=output.path.stat().st_size,
                        sha256=_checksum(output.path),
                        **output.counts,
                    )
                )
            shutil.rmtree(folder)
    return rows


def _prune(storage: Storage, build: Build) -> None:
    """Keep the latest snapshots and the deltas of the last OPEN_DATA_DELTA_DAYS."""
    older = ExportFile.objects.filter(build__started_at__lt=build.started_at)
    cutoff = build.started_at - datetime.timedelta(days=settings.OPEN_DATA_DELTA_DAYS)
    stale = older.exclude(kind=ExportFile.Kind.DELTA) | older.filter(
        build__started_at__lt=cutoff
    )
    for export in stale:
        try:
            storage.delete(storage_path(export.name))
        except OSError:
            logger.warning("Could not delete the old export file %s", export.name)
    stale.delete()
