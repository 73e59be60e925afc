"""The data dictionary explains every column: meaning, unit, labels, rules."""

import html as markup

import pytest
from django.utils import translation

from portal.opendata.city_datasets import CITY_DATASETS
from portal.opendata.datasets import DATASETS
from portal.opendata.schemas import table_schema

pytestmark = pytest.mark.django_db

MONEY = {("penalties", "fine_amount"), ("penalties", "confiscated_amount")}
EVERY_DATASET = [*DATASETS.values(), *CITY_DATASETS]


def _fields(dataset, language: str) -> dict[str, dict]:
    with translation.override(language):
        return {field["name"]: field for field in table_schema(dataset)["fields"]}


@pytest.mark.parametrize("dataset", EVERY_DATASET, ids=str)
def test_every_column_of_every_dataset_is_described_in_both_languages(dataset):
    english, chinese = _fields(dataset, "en"), _fields(dataset, "zh-hans")
    for fields in (english, chinese):
        missing = [n for n, f in fields.items() if not f.get("description", "").strip()]
        assert not missing, (dataset.name, missing)
    untranslated = [
        name
        for name in english
        if english[name]["description"] == chinese[name]["description"]
        or english[name]["title"] == chinese[name]["title"]
    ]
    assert not untranslated, (dataset.name, untranslated)


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_dictionary_lists_every_column_of_every_dataset(client, language):
    page = client.get(f"{language}/open-data/dictionary/").content.decode()
    for dataset in EVERY_DATASET:
        section = page.split(f'id="dataset-{dataset.name}"', 1)[1]
        section = section.split("</section>", 1)[0]
        for column in dataset.columns:
            row = section.split(f"<code>{column.name}</code>", 1)[1]
            row = markup.unescape(row.split("</tr>", 1)[0])
            with translation.override(language.strip("/") or "zh-hans"):
                assert str(column.description) in row, (dataset.name, column.name)
            if column.unit:
                assert column.unit in row, (dataset.name, column.name)


def test_the_city_datasets_have_their_own_section(client):
    page = client.get("/en/open-data/dictionary/").content.decode()
    assert "Demonstration cities and statistics (API only)" in page
    section = page.split('id="cities-and-statistics"', 1)[1]
    for dataset in CITY_DATASETS:
        assert f'id="dataset-{dataset.name}"' in section
        assert f'href="#dataset-{dataset.name}"' in page
    assert 'href="/api/v1/statistics/averages/"' in section
    # The bulk files' schemas are not theirs: no link to one that is not there.
    assert "/open-data/schemas/averages" not in page
    chinese = client.get("/open-data/dictionary/").content.decode()
    assert "示范城市与统计（仅通过 API 提供）" in chinese


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
