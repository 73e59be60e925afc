"""Downloads of a selection: CSV with BOM, JSON Lines, XLSX; streamed, same rows."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from portal.disclosures.models import Penalty
from portal.opendata.datasets import PENALTIES
from tests.factories import make_penalty, make_person
from tests.opendata.factories import (
    FORMULAS,
    SAFE_TEXTS,
    make_formula_records,
    make_many_penalties,
)

pytestmark = pytest.mark.django_db

LARGE = 5000


def _body(response) -> bytes:
    assert response.streaming, "downloads must stream"
    return b"".join(response.streaming_content)


@pytest.mark.slow
def test_a_large_streamed_csv_parses_back_with_the_same_rows(api):
    ids = make_many_penalties(LARGE)
    response = api.get("/api/v1/penalties/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="penalties-'
    )
    body = _body(response)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == LARGE
    # Without a sort, in id order (the bulk files' order).
    assert [int(row["id"]) for row in rows] == sorted(ids)
    assert list(rows[0]) == PENALTIES.column_names
    by_id = {int(row["id"]): row for row in rows}
    for penalty in Penalty.objects.filter(pk__in=ids[:50]):
        row = by_id[penalty.pk]
        assert row["decision_number"] == penalty.decision_number
        assert row["decided_on"] == penalty.decided_on.isoformat()
        assert row["categories"] == ";".join(penalty.categories)
        assert row["fine_amount"] == format(penalty.fine_amount.normalize(), "f")


def test_a_sorted_selection_downloads_in_its_order(api):
    make_many_penalties(20)
    response = api.get("/api/v1/penalties/", {"format": "jsonl", "sort": "-fine"})
    fines = [json.loads(line)["fine_amount"] for line in _body(response).splitlines()]
    assert fines == sorted(fines, reverse=True)


def test_filters_and_fields_apply_to_downloads(api):
    make_many_penalties(30)
    response = api.get(
        "/api/v1/penalties/",
        {"format": "jsonl", "fine_min": "10", "fields": "id,fine_amount"},
    )
    lines = _body(response).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows and all(set(row) == {"id", "fine_amount"} for row in rows)
    assert all(row["fine_amount"] >= 10 for row in rows)
    assert len(rows) == Penalty.objects.public().filter(fine_amount__gte=10).count()


def test_jsonl_and_csv_hold_the_same_values(api):
    make_penalty(fine_amount=None, categories=["warning"])
    make_penalty()
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                _body(api.get("/api/v1/penalties/?format=csv")).decode("utf-8-sig")
            )
        )
    )
    json_rows = [
        json.loads(line)
        for line in _body(api.get("/api/v1/penalties/?format=jsonl"))
        .decode()
        .splitlines()
    ]
    assert [int(r["id"]) for r in csv_rows] == [r["id"] for r in json_rows]
    for text, native in zip(csv_rows, json_rows, strict=True):
        assert text["decision_number"] == native["decision_number"]
        assert (text["fine_amount"] or None) == (
            None if native["fine_amount"] is None else text["fine_amount"]
        )
        assert text["categories"].split(";") == native["categories"]


def test_xlsx_has_the_same_rows_and_text_stays_text(api):
    make_penalty(content='=HYPERLINK("http://example.org")')
    make_penalty()
    response = api.get("/api/v1/penalties/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.values)
    assert list(rows[0]) == PENALTIES.column_names
    assert [row[0] for row in rows[1:]] == list(
        Penalty.objects.public().order_by("pk").values_list("pk", flat=True)
    )
    content = PENALTIES.column_names.index("content")
    cells = [sheet.cell(row=n, column=content + 1) for n in range(2, sheet.max_row + 1)]
    assert all(cell.data_type == "s" for cell in cells)


def test_xlsx_is_capped_with_a_pointer_to_the_bulk_files(api, client, settings):
    settings.OPEN_DATA_XLSX_MAX_ROWS = 3
    make_many_penalties(4)
    response = api.get(
        "/api/v1/penalties/", {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "too_many_rows_for_xlsx"
    assert "/open-data/" in error["message"] and "CSV" in error["message"]
    page = client.get("/en/penalties/?format=xlsx")
    assert page.status_code == 400
    assert "/open-data/" in page.content.decode()
    assert api.get("/api/v1/penalties/", {"format": "csv"}).status_code == 200


def test_persons_are_masked_in_every_format(api):
    person = make_person(name="张三丰", id_number="110101199003074477")
    make_penalty(entity=person)
    for fmt in ("csv", "jsonl"):
        text = _body(api.get(f"/api/v1/penalties/?format={fmt}")).decode()
        assert "张**" in text and "1101011990****4477" in text
        assert "张三丰" not in text and "110101199003074477" not in text
    workbook = load_workbook(
        io.BytesIO(b"".join(api.get("/api/v1/entities/?format=xlsx").streaming_content))
    )
    values = {str(v) for row in workbook.active.values for v in row}
    assert "张**" in values and "张三丰" not in values


@pytest.mark.parametrize(
    "path",
    ["/penalties/", "/permits/", "/entities/", "/en/penalties/"],
)
def test_every_collection_page_offers_its_selection(client, path):
    make_penalty()
    html = client.get(path, {"region": "330100", "page": "1"}).content.decode()
    assert "format=csv" in html and "format=jsonl" in html and "format=xlsx" in html
    assert "region=330100" in html.split("format=csv")[0].rsplit("href=", 1)[1]
    assert "page=1&amp;format" not in html


def test_list_page_offers_its_entries(client):
    from tests.factories import make_list_entry

    entry = make_list_entry()
    html = client.get(entry.credit_list.get_absolute_url()).content.decode()
    assert "format=csv" in html
    response = client.get(entry.credit_list.get_absolute_url(), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert [int(row["id"]) for row in rows] == [entry.pk]


def test_an_unknown_format_is_refused_on_the_page(client):
    response = client.get("/en/penalties/", {"format": "pdf"})
    assert response.status_code == 400
    assert "csv, jsonl, xlsx" in response.content.decode()


def _csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def _formula_by_id(records) -> dict[int, str]:
    texts = (*FORMULAS, *SAFE_TEXTS)
    return dict(zip(records["penalties"], texts, strict=True))


@pytest.mark.parametrize(
    "url",
    [
        # The database writes every value's text (sqltext.csv_texts).
        "/api/v1/penalties/?format=csv",
        "/penalties/?format=csv",
        # A column alone: the values are read, then written by Python.
        "/api/v1/penalties/?format=csv&fields=id,facts",
    ],
)
def test_a_csv_download_quotes_every_text_a_spreadsheet_would_run(api, url):
    records = make_formula_records()
    rows = {int(row["id"]): row for row in _csv_rows(_body(api.get(url)))}
    for pk, text in _formula_by_id(records).items():
        expected = "'" + text if text in FORMULAS else text
        assert rows[pk]["facts"] == expected, (url, text)
        if "fields" not in url:
            assert rows[pk]["remarks"] == expected
            assert rows[pk]["decision_number"] == expected
            assert rows[pk]["entity_name"] == expected
    if "fields" not in url:
        # Typed columns stay as they are: amounts (a negative one too), dates.
        assert rows[records["negative"]]["fine_amount"] == "-2"
        assert rows[records["penalties"][3]]["fine_amount"] == "3"
        # A person's masked name keeps the first character, then is quoted.
        assert rows[records["negative"]]["entity_name"] == "'=***"
        decided = Penalty.objects.get(pk=records["negative"]).decided_on
        assert rows[records["negative"]]["decided_on"] == decided.isoformat()


def test_an_entities_csv_written_by_python_quotes_names_and_former_names(api):
    records = make_formula_records()
    # Former names are a JSON list: this download takes the Python path.
    body = _body(api.get("/api/v1/entities/?format=csv"))
    rows = {int(row["id"]): row for row in _csv_rows(body)}
    texts = (*FORMULAS, *SAFE_TEXTS)
    for pk, text in zip(records["entities"], texts, strict=True):
        expected = "'" + text if text in FORMULAS else text
        assert rows[pk]["name"] == expected
        assert rows[pk]["former_names"] == expected + ";旧名"


def test_jsonl_and_the_api_keep_the_exact_stored_text(api):
    records = make_formula_records()
    lines = _body(api.get("/api/v1/penalties/?format=jsonl")).decode().splitlines()
    rows = {row["id"]: row for row in map(json.loads, lines)}
    page = api.get("/api/v1/penalties/", {"page_size": 100}).json()
    items = {item["id"]: item for item in page["results"]}
    for pk, text in _formula_by_id(records).items():
        for row in (rows[pk], items[pk]):
            assert row["facts"] == text
            assert row["decision_number"] == text
            assert row["entity_name"] == text
    assert rows[records["negative"]]["fine_amount"] == -2
    assert rows[records["negative"]]["entity_name"] == "=***"


def test_xlsx_keeps_the_text_exact_as_quote_prefixed_text(api):
    records = make_formula_records()
    response = api.get("/api/v1/penalties/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [cell.value for cell in sheet[1]]
    rows = {
        row[0].value: dict(zip(names, row, strict=True))
        for row in sheet.iter_rows(min_row=2)
    }
    for pk, text in _formula_by_id(records).items():
        for name in ("facts", "remarks", "decision_number", "entity_name"):
            cell = rows[pk][name]
            # Text, never a formula; the value as stored, with no apostrophe
            # (XML reads a carriage return as a line feed, in any cell).
            assert cell.data_type == "s"
            assert cell.value == text.replace("\r", "\n")
            assert cell.quotePrefix is (text in FORMULAS), (name, text)
    negative = rows[records["negative"]]
    assert negative["fine_amount"].data_type == "n"
    assert negative["fine_amount"].value == -2
    assert not negative["fine_amount"].quotePrefix
    assert negative["decided_on"].is_date
