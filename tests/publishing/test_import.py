"""Bulk import: encodings, XLSX, the validation report, idempotency, corrections."""

import datetime

import pytest
from django.utils import timezone

from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import RecordState
from portal.disclosures.models import Penalty, Permit
from portal.publishing.choices import ImportMode, ImportStatus
from portal.publishing.models import ImportBatch, RecordVersion
from portal.publishing.services import imports
from portal.registry.models import Entity
from tests.factories import make_penalty, make_withdrawn_penalty
from tests.publishing.conftest import upload
from tests.publishing.factories import (
    csv_bytes,
    penalty_row,
    permit_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def check(official, kind, name, content):
    batch = imports.create_import(
        official=official, kind=kind, upload=upload(name, content), language="en"
    )
    return imports.check_import(batch=batch)


def publish(official, batch, *, mode=ImportMode.ALL_OR_NOTHING, reason=""):
    batch = imports.start_publish(
        batch=batch, official=official, mode=mode, reason=reason
    )
    return imports.publish_import(batch=batch)


def problems(batch):
    return [(p.row, p.column, p.message) for p in batch.problems.all()]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_csv_in_each_encoding(official, authority, encoding, expected):
    rows = [
        penalty_row(authority),
        penalty_row(authority, CF_XDR_MC="杭州镕铖贸易有限公司"),
    ]
    batch = check(
        official, "penalty", "p.csv", csv_bytes("penalty", rows, encoding=encoding)
    )
    assert batch.status == ImportStatus.VALIDATED
    assert batch.encoding == expected
    assert problems(batch) == []
    assert (batch.rows_total, batch.rows_new) == (2, 2)
    publish(official, batch)
    names = set(Penalty.objects.values_list("entity__name", flat=True))
    assert names == {rows[0]["CF_XDR_MC"], "杭州镕铖贸易有限公司"}


@pytest.mark.parametrize("labels", [False, True], ids=["codes", "labels"])
@pytest.mark.parametrize("typed", [False, True], ids=["text-cells", "typed-cells"])
def test_xlsx_with_codes_or_labels(official, authority, labels, typed):
    rows = [penalty_row(authority, CF_NR_FK="1.5")]
    content = xlsx_bytes("penalty", rows, labels=labels, typed=typed)
    batch = check(official, "penalty", "p.xlsx", content)
    assert problems(batch) == []
    assert batch.encoding == "xlsx"
    assert batch.header_style == ("labels" if labels else "codes")
    publish(official, batch)
    penalty = Penalty.objects.get()
    assert str(penalty.fine_amount.normalize()) == "1.5"
    assert penalty.decided_on.isoformat() == rows[0]["CF_JDRQ"]


def test_permits_with_chinese_labels_and_open_ended_validity(official, authority):
    rows = [permit_row(authority)]
    batch = check(official, "permit", "x.csv", csv_bytes("permit", rows, labels=True))
    assert problems(batch) == []
    publish(official, batch)
    permit = Permit.objects.get()
    assert permit.valid_until is None
    assert permit.state == RecordState.PUBLISHED
    assert permit.published_at is not None


def test_a_file_with_bad_rows_gets_a_precise_report_and_writes_nothing(
    official, authority
):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    good = penalty_row(authority)
    rows = [
        good,  # row 2
        penalty_row(authority, CF_XDR_SHXYM="91110000600037341N"),  # 3: check char
        penalty_row(authority, CF_WFXW=""),  # 4: missing required field
        penalty_row(authority, CF_JDRQ=tomorrow, CF_YXQ=tomorrow),  # 5: future
        penalty_row(authority, CF_CFLB="警告、打板子"),  # 6: unknown category
        penalty_row(authority, CF_NR_FK="两千元"),  # 7: fine not a number
        penalty_row(authority, CF_WSH=good["CF_WSH"]),  # 8: duplicate number
    ]
    entities_before = Entity.objects.count()
    batch = check(official, "penalty", "bad.csv", csv_bytes("penalty", rows))
    found = problems(batch)
    by_row = {row: (column, message) for row, column, message in found}
    # One precise problem per bad row, nothing for the good one.
    assert [row for row, _column, _message in found] == [3, 4, 5, 6, 7, 8]
    assert by_row[3][0] == "CF_XDR_SHXYM"
    assert "should be L, not N" in by_row[3][1]
    assert by_row[4][0] == "CF_WFXW"
    assert "blank" in by_row[4][1]
    assert by_row[5][0] == "CF_JDRQ"
    assert "cannot be after today" in by_row[5][1]
    assert by_row[6][0] == "CF_CFLB"
    assert "Unknown penalty category “打板子”" in by_row[6][1]
    assert by_row[7][0] == "CF_NR_FK"
    assert "“两千元” is not a number" in by_row[7][1]
    assert by_row[8][0] == "CF_WSH"
    assert "already appears in row 2" in by_row[8][1]
    assert (batch.rows_total, batch.rows_invalid, batch.rows_new) == (7, 6, 1)

    # Nothing was written by the check, and all-or-nothing refuses to publish.
    assert not Penalty.objects.exists()
    assert Entity.objects.count() == entities_before
    assert not ChangeLogEntry.objects.exists()
    assert imports.blocking_reason(batch, ImportMode.ALL_OR_NOTHING)
    with pytest.raises(imports.PublishingError):
        publish(official, batch)
    assert not Penalty.objects.exists()


def test_valid_rows_only_when_chosen_explicitly(official, authority):
    rows = [penalty_row(authority), penalty_row(authority, CF_NR_FK="lots")]
    batch = check(official, "penalty", "mixed.csv", csv_bytes("penalty", rows))
    batch = publish(official, batch, mode=ImportMode.VALID_ROWS)
    assert batch.status == ImportStatus.PUBLISHED
    assert (batch.created_count, batch.skipped_count) == (1, 1)
    assert Penalty.objects.get().decision_number == rows[0]["CF_WSH"]


def test_the_same_file_twice_changes_nothing(official, authority):
    content = csv_bytes("penalty", [penalty_row(authority) for _ in range(3)])
    publish(official, check(official, "penalty", "a.csv", content))
    state = list(Penalty.objects.values_list("pk", "version", "updated_at"))
    log = ChangeLogEntry.objects.count()

    again = check(official, "penalty", "a.csv", content)
    assert (again.rows_unchanged, again.rows_new, again.rows_changed) == (3, 0, 0)
    assert imports.blocking_reason(again, ImportMode.ALL_OR_NOTHING)
    assert list(Penalty.objects.values_list("pk", "version", "updated_at")) == state
    assert ChangeLogEntry.objects.count() == log


def test_a_changed_row_becomes_a_correction_with_the_old_version_kept(
    official, authority
):
    row = penalty_row(authority)
    publish(official, check(official, "penalty", "a.csv", csv_bytes("penalty", [row])))
    changed = {**row, "CF_NR_FK": "0.5", "CF_NR": "警告，罚款5000元"}
    batch = check(official, "penalty", "b.csv", csv_bytes("penalty", [changed]))
    assert batch.rows_changed == 1
    with pytest.raises(imports.ValidationError):
        publish(official, batch)  # a correction needs its reason
    batch = publish(official, batch, reason="罚款金额录入错误")
    assert batch.corrected_count == 1

    penalty = Penalty.objects.get()
    assert (penalty.state, penalty.version) == (RecordState.CORRECTED, 2)
    assert str(penalty.fine_amount.normalize()) == "0.5"
    old = RecordVersion.objects.get(kind="penalty", record_id=penalty.pk)
    assert (old.version, old.data["fine_amount"], old.data["content"]) == (
        1,
        "0.2",
        "警告，罚款2000元",
    )
    entry = ChangeLogEntry.objects.for_object(penalty).get(action="correct")
    assert entry.changes["fine_amount"] == ["0.2", "0.5"]
    assert (entry.reason, entry.source) == ("罚款金额录入错误", batch.reference)


def test_a_row_for_a_withdrawn_record_is_refused(official, authority):
    withdrawn = make_withdrawn_penalty(authority=authority)
    row = penalty_row(authority, CF_WSH=withdrawn.decision_number)
    batch = check(official, "penalty", "w.csv", csv_bytes("penalty", [row]))
    assert [(r, c) for r, c, _m in problems(batch)] == [(2, "CF_WSH")]


def test_another_authoritys_rows_are_refused(official, authority, other_authority):
    row = penalty_row(
        authority, CF_CFJGDM=other_authority.uscc, CF_CFJG=other_authority.name
    )
    batch = check(official, "penalty", "o.csv", csv_bytes("penalty", [row]))
    assert [(r, c) for r, c, _m in problems(batch)] == [(2, "CF_CFJGDM")]


def test_a_missing_required_column_is_a_file_problem(official, authority):
    row = penalty_row(authority)
    del row["CF_WSH"]
    batch = check(official, "penalty", "m.csv", csv_bytes("penalty", [row]))
    assert problems(batch)[0][:2] == (1, "CF_WSH")
    assert imports.blocking_reason(batch, ImportMode.VALID_ROWS)


def test_an_unreadable_file_is_reported(official):
    batch = check(official, "penalty", "x.xlsx", b"not a spreadsheet")
    assert batch.status == ImportStatus.VALIDATED
    assert problems(batch)[0][0] == 0


def test_an_existing_counterpart_is_found_by_its_code_and_renamed(official, authority):
    existing = make_penalty(authority=authority).entity
    row = penalty_row(
        authority, CF_XDR_SHXYM=existing.uscc, CF_XDR_MC="杭州华信新名称有限公司"
    )
    publish(official, check(official, "penalty", "r.csv", csv_bytes("penalty", [row])))
    existing.refresh_from_db()
    assert existing.name == "杭州华信新名称有限公司"
    assert existing.former_names
    assert Penalty.objects.get(decision_number=row["CF_WSH"]).entity == existing
    assert (
        ChangeLogEntry.objects.for_object(existing)
        .get(action="update")
        .changes["name"][1]
        == "杭州华信新名称有限公司"
    )


def test_every_write_of_an_import_is_logged(official, authority):
    rows = [penalty_row(authority) for _ in range(2)]
    batch = publish(
        official, check(official, "penalty", "l.csv", csv_bytes("penalty", rows))
    )
    for penalty in Penalty.objects.all():
        entry = ChangeLogEntry.objects.for_object(penalty).get()
        assert (entry.action, entry.actor, entry.source) == (
            "publish",
            official.user,
            batch.reference,
        )
        assert (
            ChangeLogEntry.objects.for_object(penalty.entity).get().action == "create"
        )


def test_upload_page_checks_then_publishes(official_client, authority):
    content = csv_bytes("penalty", [penalty_row(authority)])
    response = official_client.post(
        "/officials/imports/", {"kind": "penalty", "file": upload("p.csv", content)}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = official_client.get(response["Location"])
    assert page.status_code == 200
    assert "Refresh" not in page
    response = official_client.post(
        f"/officials/imports/{batch.pk}/publish/", {"mode": "all_or_nothing"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PUBLISHED
    assert Penalty.objects.public().count() == 1


def test_a_large_file_runs_in_the_background_with_progress(
    official_client, authority, settings
):
    settings.IMPORT_INLINE_MAX_BYTES = 10
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    content = csv_bytes("penalty", [penalty_row(authority)])
    response = official_client.post(
        "/officials/imports/", {"kind": "penalty", "file": upload("p.csv", content)}
    )
    page = official_client.get(response["Location"])
    # Queued for the worker: the page shows progress and reloads itself.
    assert page["Refresh"] == "3"
    assert b"<progress" in page.content
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.QUEUED
    imports.check_import(batch=batch)  # what the worker runs
    assert "Refresh" not in official_client.get(response["Location"])


def test_problem_report_download(official_client, official, authority):
    rows = [penalty_row(authority, CF_NR_FK="x")]
    batch = check(official, "penalty", "p.csv", csv_bytes("penalty", rows))
    response = official_client.get(f"/officials/imports/{batch.pk}/problems.csv")
    text = response.content.decode("utf-8-sig")
    assert "CF_NR_FK" in text
    assert "“x”" in text


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_download_and_read_back(official_client, official, fmt):
    response = official_client.get(f"/officials/templates/penalties.{fmt}")
    assert response.status_code == 200
    batch = check(official, "penalty", f"t.{fmt}", response.content)
    # A header-only template is a file without rows, with every column known.
    assert batch.ignored_columns == []
    assert batch.rows_total == 0
    assert not [p for p in batch.problems.all() if p.column]


def test_the_publish_form_asks_for_the_reason_of_corrections(
    official_client, official, authority
):
    row = penalty_row(authority)
    publish(official, check(official, "penalty", "a.csv", csv_bytes("penalty", [row])))
    changed = {**row, "CF_SY": "经营过期食品（更正）"}
    batch = check(official, "penalty", "b.csv", csv_bytes("penalty", [changed]))
    url = f"/en/officials/imports/{batch.pk}/publish/"
    response = official_client.post(url, {"mode": "all_or_nothing", "reason": ""})
    assert response.status_code == 400
    assert "say why" in response.context["publish_form"].errors["reason"][0]
    response = official_client.post(
        url, {"mode": "all_or_nothing", "reason": "违法事实表述更正"}
    )
    assert response.status_code == 302
    assert Penalty.objects.get().version == 2


def test_a_published_import_reaches_the_authority_statistics(
    official_client, authority, django_capture_on_commit_callbacks
):
    from portal.cities.models import Summary

    content = csv_bytes("penalty", [penalty_row(authority)])
    official_client.post(
        "/officials/imports/", {"kind": "penalty", "file": upload("p.csv", content)}
    )
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        official_client.post(
            f"/officials/imports/{batch.pk}/publish/", {"mode": "all_or_nothing"}
        )

    figures = Summary.objects.filter(
        subject=Summary.Subject.AUTHORITY, authority=authority
    )
    assert sum(figures.values_list("penalties", flat=True)) >= 1


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "910101199003074476",
            "The first two digits of a resident ID number are a province code; "
            "91 is not one.",
        ),
        (
            "110101001001013068",
            "The birth date 0010-01-01 in this resident ID number is not plausible.",
        ),
    ],
)
def test_an_implausible_resident_id_number_is_refused(
    official, authority, number, message
):
    # Both pass the check character: only the province or the birth date is off.
    row = penalty_row(
        authority,
        CF_XDR_MC="张三",
        CF_XDR_LB="自然人",
        CF_XDR_SHXYM="",
        CF_FRDB="",
        CF_XDR_ZJLX="身份证",
        CF_XDR_ZJHM=number,
    )
    batch = check(official, "penalty", "p.csv", csv_bytes("penalty", [row]))
    assert problems(batch) == [(2, "CF_XDR_ZJHM", message)]
    assert not Entity.objects.filter(category="natural_person").exists()
