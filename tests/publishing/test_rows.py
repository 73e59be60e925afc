"""Messy rows get a message that says what is wrong and what to do."""

import csv
import io

import pytest
from django.utils import translation

from portal.publishing.importing.columns import columns_for
from portal.publishing.services import imports
from tests.publishing.conftest import upload
from tests.publishing.factories import csv_bytes, penalty_row

pytestmark = pytest.mark.django_db


def _check(official, content: bytes):
    batch = imports.create_import(
        official=official,
        kind="penalty",
        upload=upload("p.csv", content),
        language="en",
    )
    return imports.check_import(batch=batch)


def _problems(batch):
    return [(p.row, p.column, p.message) for p in batch.problems.all()]


def test_a_column_given_twice_is_a_problem_of_the_file(official, authority):
    row = penalty_row(authority)
    codes = [c.code for c in columns_for("penalty") if c.code in row]
    header = [*codes, "CF_WSH"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow([*(row[code] for code in codes), "杭市监罚〔2026〕999号"])
    batch = _check(official, buffer.getvalue().encode())
    [(number, column, message)] = _problems(batch)
    assert (number, column) == (1, "CF_WSH")
    position = codes.index("CF_WSH") + 1
    assert f"columns {position} and {len(header)}" in message
    assert batch.rows_new == 0


def test_a_label_and_a_code_of_one_column_are_the_same_column(official, authority):
    row = penalty_row(authority)
    content = csv_bytes("penalty", [row]).decode("utf-8-sig")
    header, rest = content.split("\r\n", 1)
    content = f"{header},违法事实\r\n{rest.rstrip()},另一段事实\r\n"
    batch = _check(official, content.encode())
    assert [(r, c) for r, c, _m in _problems(batch)] == [(1, "CF_SY")]


def test_a_row_with_more_values_than_columns_says_why(official, authority):
    good, shifted = penalty_row(authority), penalty_row(authority, BZ="备注")
    content = csv_bytes("penalty", [good, shifted]).decode("utf-8-sig")
    lines = content.rstrip("\r\n").split("\r\n")
    # An unquoted comma inside the facts: one value too many on row 3.
    lines[2] = lines[2].replace(shifted["CF_SY"], "经营超过保质期的食品,已改正", 1)
    batch = _check(official, ("\r\n".join(lines) + "\r\n").encode())
    found = _problems(batch)
    assert [(r, c) for r, c, _m in found] == [(3, "")]
    with translation.override("en"):
        assert "unquoted comma" in found[0][2]
    assert batch.rows_new == 1


@pytest.mark.parametrize(("serial", "meant"), [("45678", "2025-01-21")])
def test_a_date_given_as_a_serial_number_says_what_it_means(
    official, authority, serial, meant
):
    batch = _check(
        official, csv_bytes("penalty", [penalty_row(authority, CF_YXQ=serial)])
    )
    [(number, column, message)] = _problems(batch)
    assert (number, column) == (2, "CF_YXQ")
    assert meant in message and "format the column" in message
