"""The cities' datasets read as the records' do: labels, names, units and the n."""

import csv
import io

import openpyxl
import pytest

from portal.cities.measures import MEASURES
from portal.cities.models import Average, Summary
from portal.opendata.city_datasets import (
    AUTHORITY_STATISTICS,
    AVERAGES,
    BATCHES,
    CITY_DATASETS,
    CITY_STATISTICS,
)
from portal.registry.models import Authority

# The hand-built world of the cities' tests, whose every figure is known.
from tests.cities.conftest import refreshed, regions, world  # noqa: F401

pytestmark = pytest.mark.django_db

# The keys the API gave before the labels came; none may go.
KEYS_BEFORE = {
    "batches": "id number announced_on announced_by official_count source members",
    "designations": (
        "id batch city_code city_name city_name_en city_level city_url "
        "designated_on ended_on end_reason source"
    ),
    "city-statistics": (
        "id city_code city_name city_name_en city_level city_url period "
        "period_start period_end permits penalties on_time_share median_delay "
        "complete_share entries_added entries_removed appeals_received "
        "appeals_resolved median_handling_days appeals_in_time_share "
        "repairs_granted records on_time complete delays missing provisional"
    ),
    "authority-statistics": (
        "id authority_id authority_name region_code authority_kind "
        "authority_level authority_url period period_start period_end permits "
        "penalties on_time_share median_delay complete_share entries_added "
        "entries_removed appeals_received appeals_resolved median_handling_days "
        "appeals_in_time_share repairs_granted records on_time complete delays "
        "missing provisional"
    ),
    "averages": (
        "id group period period_start period_end members permits penalties "
        "on_time_share median_delay complete_share entries_added "
        "entries_removed appeals_received appeals_resolved median_handling_days "
        "appeals_in_time_share repairs_granted"
    ),
}
# Coded columns whose label is not `<name>_label`.
NAMED_BESIDE = {
    "city_code": "city_name",
    "region_code": "region_name",
}
SAMPLED = [measure for measure in MEASURES if measure.sample]


def _rows(client, url, **params) -> list[dict]:
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _following(dataset, name: str) -> str:
    names = dataset.column_names
    return names[names.index(name) + 1]


@pytest.mark.parametrize("dataset", CITY_DATASETS, ids=str)
def test_the_api_keeps_every_key_it_gave(dataset):
    assert set(KEYS_BEFORE[dataset.name].split()) <= set(dataset.column_names)
    assert len(set(dataset.column_names)) == len(dataset.column_names)


@pytest.mark.parametrize("dataset", CITY_DATASETS, ids=str)
def test_every_code_has_its_label_or_name_beside_it(dataset):
    for column in dataset.columns:
        if column.choices and column.type != "boolean":
            assert _following(dataset, column.name) == f"{column.name}_label"
        if column.name in NAMED_BESIDE:
            assert _following(dataset, column.name) == NAMED_BESIDE[column.name]
        if column.name in ("period", "missing"):
            assert _following(dataset, column.name) == f"{column.name}_label"


@pytest.mark.parametrize("dataset", [CITY_STATISTICS, AUTHORITY_STATISTICS], ids=str)
def test_every_share_and_median_of_a_subject_has_its_n_beside_it(dataset):
    for measure in SAMPLED:
        assert _following(dataset, measure.key) == f"{measure.key}_n"
        n = dataset.column(f"{measure.key}_n")
        assert n.type == "integer" and n.sources == (measure.sample,)
        assert "30" in str(n.description)


def test_every_average_has_its_n_beside_it():
    for measure in MEASURES:
        assert _following(AVERAGES, measure.key) == f"{measure.key}_n"
        assert AVERAGES.column(f"{measure.key}_n").type == "integer"


@pytest.mark.parametrize(
    "dataset", [CITY_STATISTICS, AUTHORITY_STATISTICS, AVERAGES], ids=str
)
def test_measures_and_counts_state_their_unit(dataset):
    units = {measure.key: dataset.column(measure.key).unit for measure in MEASURES}
    assert units["on_time_share"] == units["complete_share"]
    assert "0.9 = 90%" in units["on_time_share"]
    assert "working days" in units["median_delay"]
    assert "working days" in units["median_handling_days"]
    assert "records" in units["permits"]
    assert "list entries" in units["entries_added"]
    assert "appeals" in units["appeals_received"]
    assert all(units.values())
    if dataset is AVERAGES:
        assert "cities or authorities" in dataset.column("on_time_share_n").unit
        assert "cities or authorities" in dataset.column("members").unit
    else:
        assert "records" in dataset.column("on_time_share_n").unit
        assert "appeals" in dataset.column("median_handling_days_n").unit
        assert "records" in dataset.column("records").unit


@pytest.mark.usefixtures("world")
def test_batches_name_their_members(client):
    first, third = _rows(client, "/api/v1/cities/batches/")
    assert first["members"] == ["330100", "330782"]
    assert first["member_names"] == ["杭州市", "义乌市"]
    assert third["member_names"] == ["宁波市"]
    assert _following(BATCHES, "members") == "member_names"
    assert BATCHES.column("official_count").unit


@pytest.mark.usefixtures("world")
def test_designations_label_the_city_level(client):
    rows = _rows(client, "/api/v1/cities/designations/", batch=1)
    assert [(r["city_level"], r["city_level_label"]) for r in rows] == [
        ("prefecture", "地市级"),
        ("county", "区县级"),
    ]


@pytest.mark.usefixtures("refreshed")
def test_city_statistics_label_period_and_missing_fields_and_give_n(client):
    rows = _rows(client, "/api/v1/statistics/cities/", period="2024Q4")
    row = next(row for row in rows if row["city_code"] == "330100")
    stored = Summary.objects.get(subject="city", region__code="330100", period="2024Q4")
    assert row["period_label"] == "2024年第4季度"
    assert row["city_level_label"] == "地市级"
    assert row["missing"] == ["XK_NR:1"]
    assert row["missing_label"] == ["许可内容:1"]
    assert row["on_time_share_n"] == row["complete_share_n"] == stored.records == 5
    assert row["median_delay_n"] == 5
    assert row["median_handling_days_n"] == stored.appeals_resolved
    over_time = _rows(client, "/api/v1/statistics/cities/330100/")
    year = next(row for row in over_time if row["period"] == "2024")
    assert year["period_label"] == "2024年全年"


@pytest.mark.usefixtures("refreshed")
def test_authority_statistics_name_the_region_and_label_kind_and_level(client):
    court = Authority.objects.get(kind=Authority.Kind.COURT)
    (row,) = _rows(
        client, "/api/v1/statistics/authorities/", authority=court.pk, period="2024Q4"
    )
    assert (row["region_code"], row["region_name"]) == ("330100", "杭州市")
    assert (row["authority_kind"], row["authority_kind_label"]) == (
        "court",
        "人民法院",
    )
    assert row["authority_level_label"] == "市级"
    # No records: no share, and an n of nought says why.
    assert (row["on_time_share"], row["on_time_share_n"]) == (None, 0)


@pytest.mark.usefixtures("refreshed")
def test_averages_label_the_group_and_give_each_measure_its_n(client):
    (row,) = _rows(
        client, "/api/v1/statistics/averages/", period="2024Q4", group="demonstration"
    )
    stored = Average.objects.get(group="demonstration", period="2024Q4")
    assert row["group_label"] == "示范城市"
    assert row["period_label"] == "2024年第4季度"
    assert row["on_time_share_n"] == stored.counts["on_time_share"] == 2
    assert all(
        row[f"{measure.key}_n"] == stored.counts[measure.key] for measure in MEASURES
    )


@pytest.mark.usefixtures("refreshed")
def test_averages_from_before_the_counts_have_no_n(client):
    Average.objects.update(counts={})
    (row,) = _rows(
        client, "/api/v1/statistics/averages/", period="2024Q4", group="demonstration"
    )
    assert row["members"] == 2
    assert row["on_time_share_n"] is None


@pytest.mark.usefixtures("refreshed")
def test_csv_downloads_hold_the_labels(client):
    response = client.get(
        "/api/v1/statistics/authorities/", {"period": "2024Q4", "format": "csv"}
    )
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    court = next(row for row in rows if row["authority_kind"] == "court")
    assert court["authority_kind_label"] == "人民法院"
    assert court["region_name"] == "杭州市"
    assert court["period_label"] == "2024年第4季度"
    assert court["on_time_share_n"] == "0"


@pytest.mark.usefixtures("refreshed")
def test_xlsx_shows_shares_as_percentages_and_counts_as_numbers(client):
    response = client.get(
        "/api/v1/statistics/cities/", {"period": "2024Q4", "format": "xlsx"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    header = [cell.value for cell in sheet[1]]
    share = sheet.cell(2, header.index("on_time_share") + 1)
    delay = sheet.cell(2, header.index("median_delay") + 1)
    # The cell keeps the fraction; Excel shows 90.0%.
    assert 0 <= share.value <= 1 and share.number_format == "0.0%"
    assert delay.number_format == "#,##0.##"
