"""Texts that would start a formula: quoted in CSV, quote-prefixed text in XLSX."""

import io

import pytest
from django.db.models import CharField, Value
from openpyxl import Workbook, load_workbook

from portal.core.spreadsheets import Neutralised, neutralise, xlsx_text
from portal.registry.models import Region
from tests.factories import make_region

FORMULAS = (
    '=HYPERLINK("http://evil.example","click")',
    "=1+2",
    "@SUM(A1:A2)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+2",
    "\r=1+2",
    "＝1+2",
    "＋1",
    "－1",
    "＠SUM(A1)",
)
SAFE = ("", "杭州", "1-2", " =1+2", "'=1+2", "A@B", "—破折号", "\n=1+2")


@pytest.mark.parametrize("text", FORMULAS)
def test_a_formula_gets_a_single_quote_in_front(text):
    assert neutralise(text) == "'" + text
    # Once is enough: the quote itself starts no formula.
    assert neutralise(neutralise(text)) == "'" + text


@pytest.mark.parametrize("text", SAFE)
def test_other_text_is_left_alone(text):
    assert neutralise(text) == text


@pytest.mark.django_db
def test_the_database_quotes_as_python_does():
    make_region()
    texts = (*FORMULAS, *SAFE)
    annotations = {
        f"t{n}": Neutralised(Value(text, output_field=CharField()))
        for n, text in enumerate(texts)
    }
    annotations["missing"] = Neutralised(Value(None, output_field=CharField()))
    row = Region.objects.annotate(**annotations).values(*annotations)[0]
    assert [row[f"t{n}"] for n in range(len(texts))] == list(map(neutralise, texts))
    assert row["missing"] is None


def test_xlsx_text_stays_exact_and_is_never_a_formula():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    texts = [text for text in (*FORMULAS, *SAFE) if text and "\r" not in text]
    sheet.append([xlsx_text(sheet, text) for text in texts])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])
    for cell, text in zip(cells, texts, strict=True):
        assert cell.data_type == "s", text
        assert cell.value == text
        # What Excel stores for '=1+2: the value has no apostrophe.
        assert cell.quotePrefix is (text in FORMULAS), text


def test_a_control_character_stored_earlier_cannot_break_an_xlsx_file():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([xlsx_text(sheet, "违法\x00事实\x01")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = load_workbook(buffer).active["A1"]
    assert cell.value == "违法\ufffd事实\ufffd"
