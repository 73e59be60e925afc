"""Every share and median shows the n it is computed from; small ones are marked."""

import csv
import io

import pytest

from portal.cities import measures
from portal.cities.models import Average
from tests.cities.html import tables

pytestmark = pytest.mark.django_db

LIST = "/cities/"


def _row(body, name):
    return next(row for row in body if row[0] == name)


def test_the_threshold_is_a_named_constant():
    assert measures.MIN_SAMPLE == 30


def test_the_city_table_shows_n_beside_each_share_and_median(client, refreshed):
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    body = tables(html)["city-table"]["body"]
    hangzhou = _row(body, "杭州市")
    # Published on time, median delay and completeness rest on 5 records,
    # fewer than 30: marked as a small sample.
    assert hangzhou[5] == "80.0 n=5 * （样本过小）"
    assert hangzhou[6] == "2.0 n=5 * （样本过小）"
    assert hangzhou[7] == "80.0 n=5 * （样本过小）"
    # Counts carry no n; a share without appeals has no figure and no n.
    assert hangzhou[3] == "3"
    assert hangzhou[13] == "—"


def test_a_large_enough_sample_is_not_marked(client, refreshed, monkeypatch):
    monkeypatch.setattr(measures, "MIN_SAMPLE", 5)
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    hangzhou = _row(tables(html)["city-table"]["body"], "杭州市")
    assert hangzhou[5] == "80.0 n=5"


def test_the_averages_show_how_many_cities_they_average(client, refreshed):
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    demonstration, everyone = tables(html)["city-table"]["foot"]
    # Hangzhou and Yiwu; Ningbo's designation ended before 2024Q4.
    assert demonstration[3] == "90.0 n=2"
    assert everyone[3] == "82.5 n=4"


def test_averages_count_the_members_with_a_value(refreshed):
    average = Average.objects.get(group=Average.Group.ALL_CITIES, period="2024Q4")
    assert average.counts["on_time_share"] == 4
    assert average.counts["median_handling_days"] == 0


def test_the_page_explains_the_threshold(client, refreshed):
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    assert "少于30条记录" in html
    method = client.get("/cities/method/").content.decode()
    assert "少于30条记录" in method


def test_the_city_csv_has_a_column_of_n_after_each_share(client, refreshed):
    response = client.get("/cities/cities.csv", {"period": "2024Q4"})
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    heading = rows[0]
    at = heading.index("7个工作日内公示（%）")
    assert heading[at + 1] == "7个工作日内公示：n（记录数）"
    hangzhou = next(row for row in rows if row[1] == "330100")
    assert hangzhou[at : at + 2] == ["80.0", "5"]
    averages = rows[-2:]
    assert [row[at + 1] for row in averages] == ["2", "4"]


def test_a_city_chart_table_shows_n_beside_each_series(client, refreshed):
    html = client.get("/cities/330100/").content.decode()
    table = tables(html)["chart-timeliness-table"]
    assert table["head"][0] == [
        "季度",
        "杭州市（%）",
        "杭州市：n（记录数）",
        "示范城市（平均）（%）",
        "示范城市（平均）：n（城市数）",
        "所有城市（平均）（%）",
        "所有城市（平均）：n（城市数）",
    ]
    q4 = next(row for row in table["body"] if row[0].startswith("2024Q4"))
    assert q4 == ["2024Q4", "80.0 * （样本过小）", "5", "90.0", "2", "82.5", "4"]
    # Counts have no n.
    published = tables(html)["chart-published-table"]
    assert len(published["head"][0]) == 3
