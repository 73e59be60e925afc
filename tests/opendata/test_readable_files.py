"""Files a journalist opens as they are: labels beside codes, full addresses,
an XLSX with a frozen header, a filter, widths and its time zone, one unit."""

import csv
import datetime
import gzip
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from portal.disclosures.models import Penalty
from portal.opendata.datasets import DATASETS
from portal.opendata.models import ExportFile
from portal.opendata.services import build_exports
from tests.factories import make_authority, make_penalty, make_person, make_region

pytestmark = pytest.mark.django_db

ORIGIN = "https://credit.example.org"


@pytest.fixture
def penalty(db):
    """A serious penalty of 3,600,000 yuan on a person, by Hangzhou's authority."""
    region = make_region(code="330100", name="杭州市")
    return make_penalty(
        entity=make_person(name="张三丰"),
        authority=make_authority(region=region),
        categories=["warning", "fine"],
        fine_amount=Decimal("360"),
        severity="serious",
    )


def _bulk(client, dataset: str, fmt: str) -> str:
    export = ExportFile.objects.get(dataset=dataset, kind="snapshot", format=fmt)
    response = client.get(export.get_absolute_url())
    return gzip.decompress(b"".join(response.streaming_content)).decode("utf-8")


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _sheet(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(_body(response))).active


def _cells(sheet) -> dict[str, object]:
    header = [cell.value for cell in sheet[1]]
    return dict(zip(header, sheet[2], strict=True))


def test_bulk_csv_has_chinese_labels_and_full_region_names(client, penalty, settings):
    settings.SITE_URL = ORIGIN
    build_exports()
    [row] = _csv_rows(_bulk(client, "penalties", "csv.gz"))
    names = list(row)
    assert names.index("region_name") == names.index("region_code") + 1
    assert (row["region_code"], row["region_name"]) == ("330100", "杭州市")
    assert row["entity_category"] == "natural_person"
    assert row["entity_category_label"] == "自然人"
    assert row["categories_label"] == "警告;罚款"
    assert row["severity_label"] == "严重"
    assert row["state_label"] == "已公示"
    assert row["publicity_rule_label"].startswith(row["publicity_rule"])


def test_every_coded_column_has_its_label_beside_it():
    for dataset in DATASETS.values():
        names = dataset.column_names
        for column in dataset.columns:
            if column.choices and column.type != "boolean":
                assert names[names.index(column.name) + 1] == f"{column.name}_label", (
                    dataset.name,
                    column.name,
                )
        if "region_code" in names:
            assert names[names.index("region_code") + 1] == "region_name"


def test_bulk_files_hold_absolute_urls_from_the_site_url(client, penalty, settings):
    settings.SITE_URL = ORIGIN
    build_exports()
    [row] = _csv_rows(_bulk(client, "penalties", "csv.gz"))
    assert row["url"] == f"{ORIGIN}/penalties/{penalty.pk}/"
    assert row["entity_url"] == f"{ORIGIN}{penalty.entity.get_absolute_url()}"
    [line] = _bulk(client, "penalties", "jsonl.gz").splitlines()
    assert json.loads(line)["url"] == row["url"]


def test_without_a_site_url_files_take_the_declared_origin(client, penalty, settings):
    settings.SITE_URL = ""
    settings.CSRF_TRUSTED_ORIGINS = ["https://trusted.example.org/"]
    response = client.get("/penalties/", {"format": "csv"})
    [row] = _csv_rows(_body(response).decode("utf-8"))
    assert row["url"] == f"https://trusted.example.org/penalties/{penalty.pk}/"
    assert row["region_name"] == "杭州市"
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [".example.org", "credit.example.org", "testserver"]
    build_exports()
    [row] = _csv_rows(_bulk(client, "penalties", "csv.gz"))
    assert row["url"] == f"https://credit.example.org/penalties/{penalty.pk}/"


def test_the_command_takes_an_origin(client, penalty, settings):
    settings.SITE_URL = ORIGIN
    call_command(
        "build_exports", "--origin", "https://other.example.org/", stdout=io.StringIO()
    )
    [row] = _csv_rows(_bulk(client, "penalties", "csv.gz"))
    assert row["url"] == f"https://other.example.org/penalties/{penalty.pk}/"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_api_downloads_are_files_with_absolute_urls(api, penalty, settings, fmt):
    settings.SITE_URL = ORIGIN
    response = api.get("/api/v1/penalties/", {"format": fmt})
    expected = f"{ORIGIN}/penalties/{penalty.pk}/"
    if fmt == "xlsx":
        assert _cells(_sheet(response))["url"].value == expected
    elif fmt == "csv":
        assert _csv_rows(_body(response).decode())[0]["url"] == expected
    else:
        assert json.loads(_body(response))["url"] == expected
    # The API's own answers keep the path, as the pages link it.
    item = api.get(f"/api/v1/penalties/{penalty.pk}/").json()
    assert item["url"] == f"/penalties/{penalty.pk}/"
    assert item["severity_label"] == "严重"


def test_xlsx_freezes_the_header_filters_and_sets_widths(client, penalty):
    sheet = _sheet(client.get("/penalties/", {"format": "xlsx"}))
    assert sheet.freeze_panes == "A2"
    width = len(sheet[1])
    last = sheet.cell(row=1, column=width).column_letter
    assert sheet.auto_filter.ref == f"A1:{last}2"
    widths = {
        letter: dimension.width for letter, dimension in sheet.column_dimensions.items()
    }
    assert len(widths) >= width
    assert all(8 <= value <= 60 for value in widths.values())
    header = [cell.value for cell in sheet[1]]
    facts = sheet.cell(row=1, column=header.index("facts") + 1).column_letter
    decided = sheet.cell(row=1, column=header.index("decided_on") + 1).column_letter
    assert widths[facts] > widths[decided]


def test_xlsx_datetimes_keep_beijing_time_and_say_so(client, penalty):
    moment = datetime.datetime(2026, 1, 5, 2, 30, 15, tzinfo=datetime.UTC)
    Penalty.objects.filter(pk=penalty.pk).update(updated_at=moment)
    cells = _cells(_sheet(client.get("/penalties/", {"format": "xlsx"})))
    updated = cells["updated_at"]
    assert updated.is_date
    # 02:30 UTC is 10:30 in Beijing; the cell shows the offset with it.
    assert updated.value == datetime.datetime(2026, 1, 5, 10, 30, 15)
    assert "+08:00" in updated.number_format
    assert cells["decided_on"].is_date
    assert "+08:00" not in cells["decided_on"].number_format


def test_the_same_fine_in_the_same_unit_everywhere(api, client, penalty, settings):
    """3,600,000 yuan is 360 (万元) in the API, CSV, JSON Lines, XLSX and bulk."""
    settings.SITE_URL = ORIGIN
    item = api.get(f"/api/v1/penalties/{penalty.pk}/").json()
    assert item["fine_amount"] == 360
    csv_row = _csv_rows(_body(client.get("/penalties/?format=csv")).decode())[0]
    assert csv_row["fine_amount"] == "360"
    jsonl = json.loads(_body(api.get("/api/v1/penalties/", {"format": "jsonl"})))
    assert jsonl["fine_amount"] == 360
    cell = _cells(_sheet(client.get("/penalties/", {"format": "xlsx"})))["fine_amount"]
    assert cell.data_type == "n" and cell.value == 360
    assert cell.number_format.startswith("#,##0")
    build_exports()
    assert _csv_rows(_bulk(client, "penalties", "csv.gz"))[0]["fine_amount"] == "360"
    # Every surface names the same unit.
    dictionary = client.get("/open-data/dictionary/").content.decode()
    assert "万元 (10,000 CNY)" in dictionary
    schema = client.get("/open-data/schemas/penalties.json").json()
    fine = next(f for f in schema["fields"] if f["name"] == "fine_amount")
    assert "万元 (10,000 CNY)" in fine["description"]
    described = api.get("/api/schema.json").json()["components"]["schemas"]
    assert "万元 (10,000 CNY)" in described["PenaltiesRow"]["properties"][
        "fine_amount"
    ].get("description", "")
