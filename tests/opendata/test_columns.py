"""An empty enumeration is null in JSON (API, JSON Lines) and empty in CSV and XLSX."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.factories import make_company, make_list_entry

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _row(rows, pk):
    return next(row for row in rows if str(row["id"]) == str(pk))


@pytest.mark.parametrize(
    ("url", "column", "make"),
    [
        ("/api/v1/entities/", "id_type", lambda: make_company()),
        ("/api/v1/list-entries/", "removal_reason", lambda: make_list_entry()),
    ],
)
def test_an_empty_enumeration_is_null_in_json_and_empty_in_csv_and_xlsx(
    api, url, column, make
):
    pk = make().pk
    api_row = _row(api.get(url).json()["results"], pk)
    assert api_row[column] is None
    assert api.get(f"{url}{pk}/").json()[column] is None

    lines = _body(api.get(url, {"format": "jsonl"})).decode().splitlines()
    assert _row([json.loads(line) for line in lines], pk)[column] is None

    text = _body(api.get(url, {"format": "csv"})).decode("utf-8-sig")
    assert _row(list(csv.DictReader(io.StringIO(text))), pk)[column] == ""

    sheet = load_workbook(io.BytesIO(_body(api.get(url, {"format": "xlsx"})))).active
    header, *rows = sheet.values
    cells = dict(zip(header, next(r for r in rows if r[0] == pk), strict=True))
    assert cells[column] in (None, "")


def test_the_schema_says_null_and_no_empty_text_for_these_fields(api):
    components = api.get("/api/schema.json").json()["components"]["schemas"]
    for component, field in (
        ("EntitiesRow", "id_type"),
        ("ListEntriesRow", "removal_reason"),
    ):
        described = components[component]["properties"][field]
        assert described["nullable"] is True
        enums = [
            components[option["$ref"].rsplit("/", 1)[-1]]
            for option in described["oneOf"]
        ]
        values = [value for enum in enums for value in enum["enum"]]
        assert "" not in values and None in values
