"""Reads of the catalogue shared by its page, the manifest and the file view."""

from portal.opendata.datasets import DATASETS
from portal.opendata.models import Build, ExportFile


def latest_build() -> Build | None:
    """Return the newest complete build, whose files the catalogue offers."""
    return (
        Build.objects.filter(status=Build.Status.COMPLETE)
        .order_by("-started_at", "-pk")
        .first()
    )


def public_files():
    """Return every file the public may download: snapshots and deltas."""
    return ExportFile.objects.exclude(kind=ExportFile.Kind.STATE).select_related(
        "build", "build__previous"
    )


def catalogue() -> dict:
    """Return the latest build, its snapshots per dataset and the deltas kept."""
    build = latest_build()
    files = public_files()
    snapshots = {name: [] for name in DATASETS}
    if build is not None:
        for export in files.filter(build=build, kind=ExportFile.Kind.SNAPSHOT):
            snapshots[export.dataset].append(export)
    deltas = files.filter(kind=ExportFile.Kind.DELTA).order_by(
        "-build__started_at", "dataset"
    )
    return {
        "build": build,
        "datasets": [(DATASETS[name], snapshots[name]) for name in DATASETS],
        "deltas": deltas,
    }


def manifest_rows(build: Build | None, *, absolute) -> list[dict]:
    """Describe every public file: rows, bytes, SHA-256, schema version, build time."""
    rows = []
    for export in public_files().order_by("-build__started_at", "dataset", "kind"):
        rows.append(
            {
                "name": export.name,
                "url": absolute(export.get_absolute_url()),
                "dataset": export.dataset,
                "kind": export.kind,
                "format": export.format,
                "rows": export.rows,
                "bytes": export.bytes,
                "sha256": export.sha256,
                "schema_version": export.build.schema_version,
                "built_at": export.build.started_at.isoformat(),
                "since": (
                    export.build.previous.started_at.isoformat()
                    if export.kind == ExportFile.Kind.DELTA and export.build.previous
                    else None
                ),
                "added": export.added,
                "changed": export.changed,
                "removed": export.removed,
                "latest": build is not None and export.build_id == build.pk,
            }
        )
    return rows
