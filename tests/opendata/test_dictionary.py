"""The data dictionary explains every column: meaning, unit, labels, rules."""

import pytest

from portal.opendata.datasets import DATASETS
from portal.opendata.schemas import table_schema

pytestmark = pytest.mark.django_db

MONEY = {("penalties", "fine_amount"), ("penalties", "confiscated_amount")}


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_column_of_every_dataset_has_a_description(name, language):
    from django.utils import translation

    with translation.override(language):
        fields = table_schema(DATASETS[name])["fields"]
    missing = [f["name"] for f in fields if not f.get("description", "").strip()]
    assert not missing, (name, missing)


def test_money_columns_state_their_unit(client):
    for name, column in MONEY:
        field = next(
            f for f in table_schema(DATASETS[name])["fields"] if f["name"] == column
        )
        assert "万元 (10,000 CNY)" in field["description"]
        assert field["unit"] == "万元 (10,000 CNY)"
    html = client.get("/open-data/dictionary/").content.decode()
    assert html.count("万元 (10,000 CNY)") >= len(MONEY)


def test_publicity_rule_is_explained_in_words(client):
    html = client.get("/open-data/dictionary/").content.decode()
    row = html.split("<code>publicity_rule</code>", 1)[1].split("</tr>", 1)[0]
    assert "发改办财金〔2019〕527号" in row and "国办发〔2025〕22号" in row
    assert "<code>2019</code>" in row and "<code>2025</code>" in row
    assert "公示期" in row
    english = client.get("/en/open-data/dictionary/").content.decode()
    row = english.split("<code>publicity_rule</code>", 1)[1].split("</tr>", 1)[0]
    assert "publicity period" in row


def test_label_columns_say_what_they_label(client):
    html = client.get("/open-data/dictionary/").content.decode()
    row = html.split("<code>severity_label</code>", 1)[1].split("</tr>", 1)[0]
    assert "severity" in row
    row = html.split("<code>region_name</code>", 1)[1].split("</tr>", 1)[0]
    assert "GB/T 2260" in row


def test_the_dictionary_says_how_files_write_addresses_and_times(client):
    html = client.get("/en/open-data/dictionary/").content.decode()
    assert "+08:00" in html and "XLSX" in html
    assert "https://" in html or "full address" in html
