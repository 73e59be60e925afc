"""The authorities dataset carries each authority's contact point for appeals."""

import csv
import io

import pytest
from django.utils import translation

from portal.opendata.datasets import DATASETS
from portal.opendata.schemas import table_schema
from tests.factories import make_authority

pytestmark = pytest.mark.django_db

CONTACT = {
    "contact_office": "信用修复受理窗口",
    "contact_phone": "+86 571 87654321",
    "contact_email": "xyxf@scjg.hangzhou.gov.cn",
    "contact_address": "杭州市解放东路18号",
    "contact_hours": "工作日 9:00–17:00",
}


def _csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_api_gives_the_contact_columns(api):
    authority = make_authority(**CONTACT)
    bare = make_authority()
    item = api.get(f"/api/v1/authorities/{authority.pk}/").json()
    assert {name: item[name] for name in CONTACT} == CONTACT
    item = api.get(f"/api/v1/authorities/{bare.pk}/").json()
    assert {name: item[name] for name in CONTACT} == dict.fromkeys(CONTACT, "")


def test_the_csv_gives_them_with_a_phone_number_kept_from_formulas(api):
    authority = make_authority(**CONTACT)
    [row] = _csv_rows(api.get("/api/v1/authorities/", {"format": "csv"}))
    assert row["id"] == str(authority.pk)
    assert row["contact_email"] == CONTACT["contact_email"]
    assert row["contact_address"] == CONTACT["contact_address"]
    # A leading + would run as a formula in a spreadsheet.
    assert row["contact_phone"] == "'+86 571 87654321"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_dictionary_describes_them(language):
    with translation.override(language):
        fields = {f["name"]: f for f in table_schema(DATASETS["authorities"])["fields"]}
    for name in CONTACT:
        assert fields[name]["description"].strip(), name
    if language == "en":
        assert "not personal data" in fields["contact_phone"]["description"]
    else:
        assert "不是个人信息" in fields["contact_phone"]["description"]
