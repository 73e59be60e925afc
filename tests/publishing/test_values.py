"""Cells read from an import: a formula is refused, other texts are kept."""

import csv
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from portal.publishing.importing.columns import columns_for
from portal.publishing.importing.rows import RowBuilder
from portal.publishing.importing.values import CellError, text
from portal.publishing.models import ImportProblem
from tests.publishing.factories import csv_bytes, penalty_row
from tests.publishing.test_import import check

pytestmark = pytest.mark.django_db


def _build(authority, **cells):
    row = penalty_row(authority, **cells)
    builder = RowBuilder(kind="penalty", authority=authority, headers=list(row))
    with translation.override("en"):
        return builder.build(2, list(row.values()))


@pytest.mark.parametrize("column", ["CF_SY", "CF_XDR_MC", "CF_WSH", "BZ"])
def test_a_text_cell_holding_a_formula_is_refused(authority, column):
    built = _build(authority, **{column: '=HYPERLINK("http://evil.example")'})
    [problem] = [p for p in built.problems if p.column == column]
    assert "formula" in problem.message
    assert "values, not formulas" in problem.message
    assert '=HYPERLINK("http://evil.example")' in problem.message


def test_a_formula_after_spaces_is_refused_too(authority):
    built = _build(authority, CF_SY="  =1+2")
    assert [p.column for p in built.problems] == ["CF_SY"]


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("CF_SY", "-经营超过保质期的食品\n-未建立进货查验记录"),
        ("CF_SY", "+86 571 8888 8888 举报"),
        ("CF_SY", "@所有经营者：经营超过保质期的食品"),
        ("BZ", "＝ 以下同"),
        ("CF_SY", "经营超过保质期的食品 = 违法"),
    ],
)
def test_other_texts_that_a_spreadsheet_would_quote_are_accepted(
    authority, column, text
):
    built = _build(authority, **{column: text})
    assert built.ok, built.problems
    field = {"CF_SY": "facts", "BZ": "remarks"}[column]
    assert getattr(built.record, field) == text


@pytest.mark.parametrize(
    ("column", "text", "says"),
    [
        ("CF_JDRQ", "=DATE(2025,3,10)", "is not a date"),
        ("CF_NR_FK", "=0.2*1", "is not a number"),
        ("CF_CFLB", "=警告", "Unknown penalty category"),
        ("CF_XDR_LB", "=自然人", "Unknown counterpart category"),
    ],
)
def test_dates_amounts_and_choices_keep_their_own_messages(
    authority, column, text, says
):
    built = _build(authority, **{column: text})
    [problem] = [p for p in built.problems if p.column == column]
    assert says in problem.message
    assert "formula" not in problem.message


def test_an_imported_file_reports_the_formula_on_its_row_and_column(
    official, official_client, authority
):
    rows = [penalty_row(authority), penalty_row(authority, CF_SY="=1+2")]
    batch = check(official, "penalty", "p.csv", csv_bytes("penalty", rows))
    assert batch.rows_valid == 1
    [problem] = batch.problems.all()
    assert (problem.row, problem.column) == (3, "CF_SY")
    report = official_client.get(f"/officials/imports/{batch.pk}/problems.csv")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert lines[1][:3] == ["3", "CF_SY", "违法事实"]
    assert "=1+2" in lines[1][3]


def test_a_text_cell_of_an_xlsx_holding_a_formula_is_refused(official, authority):
    row = penalty_row(authority, CF_SY="=1+2")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(row))
    sheet.append(list(row.values()))
    # Typed in Excel as '=1+2: text, not a formula with a value.
    for cell in sheet[2]:
        cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = check(official, "penalty", "p.xlsx", buffer.getvalue())
    assert [(p.row, p.column) for p in batch.problems.all()] == [(2, "CF_SY")]


def test_the_problem_report_quotes_what_a_spreadsheet_would_run(
    official, official_client, authority
):
    batch = check(
        official, "penalty", "p.csv", csv_bytes("penalty", [penalty_row(authority)])
    )
    ImportProblem.objects.create(
        batch=batch, row=2, column="CF_SY", message='=HYPERLINK("http://evil")'
    )
    ImportProblem.objects.create(batch=batch, row=2, column="", message="-2+3 行")
    report = official_client.get(f"/officials/imports/{batch.pk}/problems.csv")
    lines = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    labels = {column.code: column.label for column in columns_for("penalty")}
    problem = "问题"  # the level, on the Chinese page
    assert [
        "2",
        "CF_SY",
        labels["CF_SY"],
        '\'=HYPERLINK("http://evil")',
        problem,
    ] in lines
    assert ["2", "", "", "'-2+3 行", problem] in lines


@pytest.mark.parametrize("cell", ["违法\x00事实", "事实\x01", "\x1b[31m事实"])
def test_a_control_character_in_a_cell_is_refused(cell):
    with pytest.raises(CellError) as refused, translation.override("en"):
        text(cell)
    with translation.override("en"):
        assert "control character" in str(refused.value.message)
