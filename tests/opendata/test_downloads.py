"""Downloads of a selection: CSV with BOM, JSON Lines, XLSX; streamed, same rows."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from portal.disclosures.models import Penalty
from portal.opendata.datasets import PENALTIES
from tests.factories import make_penalty, make_person
from tests.opendata.factories import make_many_penalties

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
