"""Import files end to end, through the upload page: quoted text published
exactly, mixed encodings and hostile files refused with a clear message.
"""

import codecs

import pytest

from portal.disclosures.models import Penalty
from portal.publishing.choices import ImportMode, ImportStatus
from portal.publishing.models import ImportBatch
from portal.publishing.services import imports
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row, xlsx_bytes
from tests.publishing.spreadsheets import MAIN, workbook, write_zip

pytestmark = pytest.mark.django_db

ISSUE_CELL = '当事人称"不知情"，已改正'
COMMA_CELL = '当事人称"不知情", 已改正, 罚款2,000元'


def post_file(client, name, content, *, prefix=""):
    response = client.post(
        f"{prefix}/officials/imports/",
        {"kind": "penalty", "file": upload(name, content)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("pk"), client.get(response["Location"])


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("p.csv", lambda rows: csv_bytes("penalty", rows)),
        ("p.csv", lambda rows: csv_bytes("penalty", rows, encoding="utf-8-sig")),
        ("p.csv", lambda rows: csv_bytes("penalty", rows, encoding="gb18030")),
        ("p.csv", lambda rows: csv_bytes("penalty", rows, labels=True)),
        ("p.xlsx", lambda rows: xlsx_bytes("penalty", rows)),
    ],
    ids=["utf-8", "utf-8-sig", "gb18030", "labels", "xlsx"],
)
def test_quoted_text_is_published_exactly(official_client, authority, name, build):
    rows = [
        penalty_row(authority, CF_SY=ISSUE_CELL),
        penalty_row(authority, CF_SY=COMMA_CELL),
    ]
    batch, _page = post_file(official_client, name, build(rows))
    assert batch.status == ImportStatus.VALIDATED
    assert (batch.rows_new, batch.problem_count) == (2, 0)
    response = official_client.post(
        f"/officials/imports/{batch.pk}/publish/", {"mode": ImportMode.ALL_OR_NOTHING}
    )
    assert response.status_code == 302
    for row in rows:
        assert Penalty.objects.get(decision_number=row["CF_WSH"]).facts == row["CF_SY"]


def _mixed(authority) -> bytes:
    """A UTF-8 file whose third line was pasted from a GBK file."""
    content = csv_bytes("penalty", [penalty_row(authority) for _ in range(3)])
    lines = content.split(b"\r\n")
    lines[2] = lines[2].decode().encode("gbk")
    return b"\r\n".join(lines)


def test_mixed_encodings_are_explained_on_the_english_page(official_client, authority):
    batch, page = post_file(official_client, "m.csv", _mixed(authority), prefix="/en")
    assert batch.status == ImportStatus.VALIDATED
    assert batch.language == "en"
    message = batch.problems.get().message
    assert "line 3 is GBK/GB18030" in message
    assert "CSV UTF-8" in message
    html = page.content.decode()
    assert "line 3 is GBK/GB18030" in html
    assert "UnicodeDecodeError" not in html


def test_mixed_encodings_are_explained_on_the_chinese_page(official_client, authority):
    batch, page = post_file(official_client, "m.csv", _mixed(authority))
    assert batch.status == ImportStatus.VALIDATED
    assert batch.language == "zh-hans"
    problem = batch.problems.get()
    assert (problem.row, problem.column) == (0, "")
    assert "3" in problem.message
    html = page.content.decode()
    assert "UnicodeDecodeError" not in html
    assert "意外错误" not in html  # "unexpected error", as it was before


def test_a_utf8_mark_before_gbk_text_is_explained(official_client, authority):
    content = codecs.BOM_UTF8 + csv_bytes(
        "penalty", [penalty_row(authority)], encoding="gbk", labels=True
    )
    _batch, page = post_file(official_client, "b.csv", content, prefix="/en")
    assert "line 1 is not UTF-8" in page.content.decode()


def _bomb(tmp_path) -> bytes:
    """A 1.5 MB XLSX whose sheet unpacks to 1.5 GB (the issue's file)."""
    parts = workbook([("data", b"")])
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(),
        b"<row>" + b" " * 999_995,
        1500,
        b"</sheetData></worksheet>",
    )
    path = tmp_path / "bomb.xlsx"
    write_zip(path, parts)
    return path.read_bytes()


def test_a_zip_bomb_upload_ends_with_a_clear_file_problem(
    official_client, authority, tmp_path
):
    content = _bomb(tmp_path)
    assert len(content) < 2_000_000
    batch, page = post_file(official_client, "bomb.xlsx", content, prefix="/en")
    assert batch.status == ImportStatus.VALIDATED
    assert batch.rows_total == 0
    message = batch.problems.get().message
    assert "unpacks to" in message
    assert "unpacks to" in page.content.decode()
    assert imports.blocking_reason(batch, ImportMode.VALID_ROWS)


def test_the_worker_finishes_a_bomb_instead_of_hanging(
    official_client, authority, settings, tmp_path
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    batch, _page = post_file(official_client, "bomb.xlsx", _bomb(tmp_path))
    assert batch.status == ImportStatus.QUEUED
    imports.check_import(batch=batch)  # what the worker runs
    batch.refresh_from_db()
    assert batch.status == ImportStatus.VALIDATED
    assert batch.problems.get().row == 0


def test_the_row_limit_is_a_file_problem(official_client, authority, settings):
    settings.IMPORT_MAX_ROWS = 2
    content = csv_bytes("penalty", [penalty_row(authority) for _ in range(3)])
    batch, _page = post_file(official_client, "p.csv", content, prefix="/en")
    assert batch.status == ImportStatus.VALIDATED
    assert "more than 2 rows" in batch.problems.get().message
    assert not Penalty.objects.exists()


def test_an_old_excel_file_renamed_xlsx(official_client):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    batch, _page = post_file(official_client, "old.xlsx", content, prefix="/en")
    assert "old Excel workbook (.xls)" in batch.problems.get().message


def test_a_report_checked_in_chinese_reads_in_english_on_the_english_page(
    official_client, authority
):
    """Messages are written in the uploader's language; the other language's
    page says so and checks the file again in its own (writing no record)."""
    row = penalty_row(authority)
    del row["CF_WSH"]
    batch, _page = post_file(official_client, "m.csv", csv_bytes("penalty", [row]))
    assert batch.language == "zh-hans"
    url = f"/en/officials/imports/{batch.pk}/"
    page = official_client.get(url).content.decode()
    assert "This report was written in 简体中文" in page
    assert official_client.post(f"{url}check-again/").status_code == 302
    batch.refresh_from_db()
    assert batch.language == "en"
    page = official_client.get(url).content.decode()
    assert "The required column CF_WSH" in page
    assert "This report was written in" not in page
    # Back on the Chinese page, the offer is made the other way round.
    chinese = official_client.get(f"/officials/imports/{batch.pk}/").content.decode()
    assert 'id="check-again"' in chinese
