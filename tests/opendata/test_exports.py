"""Bulk files: snapshots, manifest checksums, deltas that carry removals."""

import csv
import gzip
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.opendata.datasets import DATASETS, SCHEMA_VERSION
from portal.opendata.models import Build, ExportFile
from portal.opendata.services import build_exports
from tests.factories import make_list_entry, make_penalty, make_permit, make_person
from tests.opendata.factories import FORMULAS, SAFE_TEXTS, make_formula_records

pytestmark = pytest.mark.django_db


def _download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def _delta(client, dataset: str) -> list[dict]:
    manifest = client.get("/open-data/manifest.json").json()
    [row] = [
        row
        for row in manifest["files"]
        if row["dataset"] == dataset and row["kind"] == "delta" and row["latest"]
    ]
    lines = gzip.decompress(_download(client, row["url"])).decode().splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture
def records(db):
    return {
        "penalties": [make_penalty() for _ in range(3)],
        "permit": make_permit(),
        "entry": make_list_entry(entity=make_person(name="张三丰")),
    }


def test_the_command_builds_every_dataset(records, media, capsys):
    call_command("build_exports")
    build = Build.objects.get()
    assert build.status == Build.Status.COMPLETE
    formats = set(build.files.filter(kind="snapshot").values_list("dataset", "format"))
    assert formats == {(name, f) for name in DATASETS for f in ("csv.gz", "jsonl.gz")}
    assert "complete" in capsys.readouterr().out
    # Into media storage, never static/.
    assert all((media / "opendata" / e.name).is_file() for e in build.files.all())
    assert ChangeLogEntry.objects.filter(object_id=build.pk, source="opendata").exists()


def test_if_missing_builds_a_new_site_once(records, media):
    call_command("build_exports", "--if-missing", stdout=io.StringIO())
    first = Build.objects.get()
    assert first.status == Build.Status.COMPLETE

    out = io.StringIO()
    call_command("build_exports", "--if-missing", stdout=out)

    assert list(Build.objects.all()) == [first]
    assert f"already built (build {first.pk})" in out.getvalue()


def test_manifest_checksums_match_the_files(client, records):
    build_exports()
    manifest = client.get("/open-data/manifest.json").json()
    assert manifest["schema_version"] == SCHEMA_VERSION
    files = manifest["files"]
    assert files and all(row["kind"] != "state" for row in files)
    for row in files:
        body = _download(client, row["url"])
        assert len(body) == row["bytes"], row["name"]
        assert hashlib.sha256(body).hexdigest() == row["sha256"], row["name"]
        text = gzip.decompress(body).decode("utf-8")
        lines = text.splitlines()
        if row["format"] == "csv.gz":
            assert text.startswith("\ufeff")
            assert (
                len(list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")))))
                == row["rows"]
            )
        else:
            assert len(lines) == row["rows"]
        assert row["schema_version"] == manifest["schema_version"]
        assert row["built_at"] == manifest["built_at"]


def test_snapshots_hold_the_public_rows(client, records):
    withdrawn = make_penalty(
        state=RecordState.WITHDRAWN,
        withdrawal_reason=WithdrawalReason.ANNULLED,
        withdrawn_at=timezone.now(),
    )
    build_exports()
    export = ExportFile.objects.get(
        dataset="penalties", format="jsonl.gz", kind="snapshot"
    )
    rows = [
        json.loads(line)
        for line in gzip.decompress(
            _download(client, export.get_absolute_url())
        ).splitlines()
    ]
    assert [row["id"] for row in rows] == sorted(p.pk for p in records["penalties"])
    assert withdrawn.pk not in {row["id"] for row in rows}
    entries = ExportFile.objects.get(
        dataset="list-entries", format="csv.gz", kind="snapshot"
    )
    text = gzip.decompress(_download(client, entries.get_absolute_url())).decode()
    assert "张**" in text and "张三丰" not in text


def test_a_withdrawn_record_appears_as_removed_in_the_next_delta(client, records):
    build_exports()
    first, second, third = records["penalties"]
    Penalty = type(first)
    Penalty.objects.filter(pk=first.pk).update(
        state=RecordState.WITHDRAWN,
        withdrawal_reason=WithdrawalReason.REPAIR_GRANTED,
        withdrawn_at=timezone.now(),
    )
    Penalty.objects.filter(pk=second.pk).update(facts="更正后的违法事实", version=2)
    added = make_penalty()

    build_exports()

    delta = {row["id"]: row for row in _delta(client, "penalties")}
    assert delta[first.pk] == {"op": "removed", "id": first.pk}
    assert delta[second.pk]["op"] == "changed"
    assert delta[second.pk]["record"]["facts"] == "更正后的违法事实"
    assert delta[added.pk]["op"] == "added"
    assert delta[added.pk]["record"]["decision_number"] == added.decision_number
    assert third.pk not in delta
    export = ExportFile.objects.get(dataset="penalties", kind="delta")
    assert (export.added, export.changed, export.removed) == (1, 1, 1)
    assert export.rows == 3


def test_a_delisting_appears_as_removed(client, records):
    build_exports()
    entry = records["entry"]
    type(entry).objects.filter(pk=entry.pk).update(
        removed_on=timezone.localdate(), removal_reason="repaired"
    )
    build_exports()
    assert _delta(client, "list-entries") == [{"op": "removed", "id": entry.pk}]


def test_an_unchanged_build_has_an_empty_delta_and_the_same_checksums(records):
    first = build_exports()
    second = build_exports()
    before = {
        (e.dataset, e.format): e.sha256
        for e in ExportFile.objects.filter(build=first, kind="snapshot")
    }
    assert not before  # older snapshots are pruned
    deltas = ExportFile.objects.filter(build=second, kind="delta")
    assert deltas.count() == len(DATASETS)
    assert all(delta.rows == 0 for delta in deltas)


def test_old_snapshots_are_deleted_and_recent_deltas_kept(records, media):
    first = build_exports()
    old_names = list(first.files.values_list("name", flat=True))
    build_exports()
    third = build_exports()
    assert not ExportFile.objects.filter(build=first).exists()
    assert not any((media / "opendata" / name).exists() for name in old_names)
    assert ExportFile.objects.filter(kind="delta").count() == 2 * len(DATASETS)
    assert set(
        ExportFile.objects.filter(kind="snapshot").values_list("build", flat=True)
    ) == {third.pk}


def test_a_failed_build_leaves_the_previous_one(records, media, monkeypatch):
    good = build_exports()
    from portal.opendata import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_checksum", broken)
    with pytest.raises(RuntimeError):
        build_exports()
    failed = Build.objects.get(status=Build.Status.FAILED)
    assert "disk full" in failed.error
    assert not failed.files.exists()
    assert Build.objects.filter(status=Build.Status.COMPLETE).get() == good
    kept = {
        str(p.relative_to(media / "opendata"))
        for p in (media / "opendata").rglob("*")
        if p.is_file()
    }
    assert kept == set(good.files.values_list("name", flat=True))


def test_state_files_are_not_public(client, records):
    build_exports()
    state = ExportFile.objects.filter(kind="state").first()
    assert client.get(state.get_absolute_url()).status_code == 404
    assert client.get("/open-data/files/../../settings.py").status_code == 404


def test_files_are_cached_by_checksum(client, records):
    build_exports()
    export = ExportFile.objects.filter(kind="snapshot").first()
    response = client.get(export.get_absolute_url())
    assert response["ETag"].strip('"') == export.sha256
    again = client.get(export.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def _snapshot(client, dataset: str, fmt: str) -> str:
    export = ExportFile.objects.get(dataset=dataset, format=fmt, kind="snapshot")
    return gzip.decompress(_download(client, export.get_absolute_url())).decode()


def test_csv_snapshots_quote_formulas_and_json_keeps_them(client, db):
    formulas = make_formula_records()
    build_exports()
    texts = dict(zip(formulas["penalties"], (*FORMULAS, *SAFE_TEXTS), strict=True))
    csv_text = _snapshot(client, "penalties", "csv.gz").removeprefix("\ufeff")
    rows = {
        int(row["id"]): row for row in csv.DictReader(io.StringIO(csv_text, newline=""))
    }
    lines = _snapshot(client, "penalties", "jsonl.gz").splitlines()
    natives = {row["id"]: row for row in map(json.loads, lines)}
    for pk, text in texts.items():
        expected = "'" + text if text in FORMULAS else text
        for name in ("facts", "remarks", "content", "decision_number", "entity_name"):
            assert rows[pk][name] == expected, (name, text)
            assert natives[pk][name] == text
    assert rows[formulas["negative"]]["fine_amount"] == "-2"
    assert natives[formulas["negative"]]["fine_amount"] == -2
    entities = _snapshot(client, "entities", "csv.gz").removeprefix("\ufeff")
    names = {row["name"] for row in csv.DictReader(io.StringIO(entities, newline=""))}
    assert {"'" + text for text in FORMULAS} <= names
    assert set(SAFE_TEXTS) <= names


def test_deltas_carry_the_exact_text(client, db):
    build_exports()
    formulas = make_formula_records()
    build_exports()
    records = {row["id"]: row["record"] for row in _delta(client, "penalties")}
    texts = dict(zip(formulas["penalties"], (*FORMULAS, *SAFE_TEXTS), strict=True))
    for pk, text in texts.items():
        assert records[pk]["facts"] == text
