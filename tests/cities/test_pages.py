"""The cities pages: every city, sorting and filters, a city's charts, CSV files."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from portal.cities.measures import MEASURES
from portal.cities.statistics import refresh_statistics
from portal.registry.models import Region
from tests.cities.conftest import TODAY, at
from tests.cities.html import data_values, figures_only, plain, svgs, tables
from tests.factories import make_permit, make_region

pytestmark = pytest.mark.django_db

LIST = "/cities/"


def _names(response) -> list[str]:
    return [row["code"] for row in response.context["table"].rows]


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _dash_is_empty(rows):
    return [[("" if cell == "—" else cell) for cell in row] for row in rows]


class TestCityList:
    def test_every_city_with_figures_in_the_default_period(self, client, refreshed):
        response = client.get(LIST)
        assert response.status_code == 200
        # 2025Q1: Hangzhou's penalty, Yiwu's permit (and so Jinhua).
        assert _names(response) == ["330100", "330700", "330782"]
        html = response.content.decode()
        assert "2025年第1季度" in html

    def test_demonstration_cities_are_marked_by_batch(self, client, refreshed):
        response = client.get(LIST, {"period": "2024Q4"})
        rows = {row["code"]: row for row in response.context["table"].rows}
        assert rows["330100"]["batches"] == [(1, "第1批", False)]
        # Ningbo's designation has ended.
        assert rows["330200"]["batches"] == [(3, "第3批 · 已终止", True)]
        assert rows["330700"]["batches"] == []
        body = tables(response.content.decode())["city-table"]["body"]
        hangzhou = next(row for row in body if row[0] == "杭州市")
        assert hangzhou[2] == "第1批"
        # No appeals in this world: counts 0, no median, no share.
        assert [plain(cell) for cell in hangzhou[3:]] == [
            *("3", "2", "80.0", "2.0", "80.0", "3", "0"),
            *("0", "0", "—", "—", "0"),
        ]

    def test_the_averages_close_the_table(self, client, refreshed):
        response = client.get(LIST, {"period": "2024Q4"})
        foot = tables(response.content.decode())["city-table"]["foot"]
        demonstration, everyone = [[plain(cell) for cell in row] for row in foot]
        assert demonstration[0].startswith("示范城市（平均）")
        assert demonstration[1:] == [
            *("2.0", "1.0", "90.0", "1.5", "90.0", "1.5", "0.0"),
            *("0.0", "0.0", "—", "—", "0.0"),
        ]
        assert everyone[1:4] == ["1.5", "0.8", "82.5"]

    @pytest.mark.parametrize("measure", MEASURES, ids=lambda m: m.key)
    def test_sorting_by_each_measure(self, client, refreshed, measure):
        for direction in ("", "-"):
            response = client.get(
                LIST, {"period": "2024Q4", "sort": f"{direction}{measure.key}"}
            )
            values = [
                row["values"][measure.key] for row in response.context["table"].rows
            ]
            known = [v for v in values if v is not None]
            assert known == sorted(known, reverse=direction == "-")
            # Cities without the figure come last either way.
            assert values == known + [None] * (len(values) - len(known))
        assert len(values) == 4

    def test_the_column_headings_link_to_their_sort(self, client, refreshed):
        response = client.get(LIST, {"period": "2024Q4", "sort": "-on_time_share"})
        html = response.content.decode()
        assert 'aria-sort="descending"' in html
        link = response.context["links"]["on_time_share"]
        assert "sort=on_time_share" in link["url"]
        assert "period=2024Q4" in link["url"]

    def test_filter_by_province(self, client, refreshed):
        make_region(code="440000", name="广东省", level="province")
        assert (
            len(_names(client.get(LIST, {"period": "2024Q4", "province": "330000"})))
            == 4
        )
        assert (
            _names(client.get(LIST, {"period": "2024Q4", "province": "440000"})) == []
        )

    @pytest.mark.parametrize(
        ("batch", "codes"),
        [
            ("1", ["330100", "330782"]),
            ("3", ["330200"]),
            ("any", ["330100", "330200", "330782"]),
            ("none", ["330700"]),
        ],
    )
    def test_filter_by_batch(self, client, refreshed, batch, codes):
        response = client.get(LIST, {"period": "2024Q4", "batch": batch})
        assert _names(response) == codes

    def test_filter_by_year(self, client, refreshed):
        response = client.get(LIST, {"period": "2024"})
        row = next(r for r in response.context["table"].rows if r["code"] == "330200")
        assert row["values"]["permits"] == 2

    @pytest.mark.parametrize(
        "params",
        [
            {"period": "2031Q1"},
            {"period": "abc"},
            {"batch": "9"},
            {"province": "12"},
            {"province": "330100"},
            {"sort": "nope"},
        ],
        ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()),
    )
    def test_a_bad_filter_is_explained_and_selects_nothing(
        self, client, refreshed, params
    ):
        response = client.get(LIST, params)
        assert response.status_code == 200
        assert response.context["table"].rows == []
        html = response.content.decode()
        assert 'role="alert"' in html
        field = next(iter(params))
        assert response.context["filter"].form.errors[field]

    def test_bad_filters_on_the_csv_are_explained(self, client, refreshed):
        response = client.get("/cities/cities.csv", {"period": "abc"})
        assert response.status_code == 400
        assert response.content.decode().startswith("统计期: ")
        assert client.get("/cities/ranking.csv", {"batch": "x"}).status_code == 400

    def test_no_csv_before_any_refresh(self, client, world):
        assert client.get("/cities/cities.csv").status_code == 404

    def test_designated_cities_without_figures_are_named(self, client, refreshed):
        response = client.get(LIST, {"period": "2024Q2"})
        assert _names(response) == ["330200"]
        named = [code for code, _name in response.context["without_figures"]]
        assert named == ["330100", "330782"]

    def test_the_csv_is_the_table_on_the_page(self, client, refreshed):
        params = {"period": "2024Q4", "sort": "-median_delay"}
        page = tables(client.get(LIST, params).content.decode())["city-table"]
        rows = _csv(client.get("/cities/cities.csv", params))
        assert len(rows) == 1 + 4 + 2
        # The CSV has each n in a column of its own; the page beside its figure.
        figures = figures_only(rows[0], rows)
        body = _dash_is_empty([[plain(cell) for cell in row] for row in page["body"]])
        for on_page, in_csv in zip(body, figures[1:5], strict=True):
            assert in_csv[0] == on_page[0]
            assert in_csv[2] == on_page[1]
            assert in_csv[4:] == on_page[3:]
        foot = _dash_is_empty([[plain(cell) for cell in row] for row in page["foot"]])
        assert [row[4:] for row in figures[5:]] == [row[1:] for row in foot]
        n_on_page = [
            cell.split("n=")[1].split()[0] for cell in page["body"][0] if "n=" in cell
        ]
        n_in_csv = [
            cell
            for heading, cell in zip(rows[0], rows[1], strict=True)
            if "n（" in heading and cell
        ]
        assert n_on_page == n_in_csv

    def test_the_csv_quotes_a_name_a_spreadsheet_would_run(self, client, refreshed):
        evil = '=HYPERLINK("http://evil.example")'
        Region.objects.filter(code="330100").update(name=evil)
        params = {"period": "2024Q4"}
        rows = _csv(client.get("/cities/cities.csv", params))
        names = {row[1]: row[0] for row in rows[1:] if row[1]}
        assert names["330100"] == "'" + evil
        assert names["330200"] == "宁波市"
        ranking = [row[1] for row in _csv(client.get("/cities/ranking.csv", params))]
        assert "'" + evil in ranking

    def test_the_ranking_chart_matches_its_table_and_csv(self, client, refreshed):
        params = {"period": "2024Q4", "sort": "-on_time_share"}
        html = client.get(LIST, params).content.decode()
        table = tables(html)["chart-ranking-table"]
        (svg,) = svgs(html)
        values = data_values(svg)
        cells = _dash_is_empty([[plain(cell) for cell in row] for row in table["body"]])
        # Rank, city, share, n.
        assert {(0, i): row[2] for i, row in enumerate(cells) if row[2]} == values
        assert _csv(client.get("/cities/ranking.csv", params))[1:] == cells

    def test_the_page_before_any_refresh(self, client, world):
        response = client.get(LIST)
        assert response.status_code == 200
        assert "refresh_statistics" in response.content.decode()

    def test_in_english(self, client, refreshed):
        response = client.get("/en/cities/", {"period": "2024Q4"})
        html = response.content.decode()
        assert "Yiwu (Jinhua)" in html
        assert "Demonstration cities (average)" in html

    def test_the_query_count_does_not_grow_with_cities(
        self, client, refreshed, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(12):
            client.get(LIST, {"period": "2024Q4"})


class TestCityPage:
    def url(self, code):
        return reverse("cities:detail", args=[code])

    def test_designations_and_comparison(self, client, refreshed):
        response = client.get(self.url("330200"), {"period": "2024Q4"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "第三批名单" in html and "评估未通过" in html
        comparison = tables(html)["comparison"]
        assert comparison["head"][0][1:] == [
            "宁波市",
            "示范城市（平均）",
            "所有城市（平均）",
        ]
        on_time = next(r for r in comparison["body"] if r[0].startswith("7个工作日内"))
        assert on_time[1:] == ["100.0 n=1 * （样本过小）", "90.0 n=2", "82.5 n=4"]

    def test_every_chart_agrees_with_its_table_and_csv(self, client, refreshed):
        html = client.get(self.url("330100")).content.decode()
        found = tables(html)
        charts = svgs(html)
        slugs = [
            "published",
            "timeliness",
            "delay",
            "completeness",
            "list-entries",
            "appeals",
        ]
        assert len(charts) == len(slugs)
        for slug, svg in zip(slugs, charts, strict=True):
            table = found[f"chart-{slug}-table"]
            head = table["head"][0]
            cells = _dash_is_empty([[plain(c) for c in row] for row in table["body"]])
            assert [row[0] for row in cells] == ["2024Q2", "2024Q3", "2024Q4", "2025Q1"]
            expected = {
                (j, i): cell
                for i, row in enumerate(figures_only(head, cells))
                for j, cell in enumerate(row[1:])
                if cell
            }
            assert data_values(svg) == expected, slug
            rows = _csv(client.get(f"/cities/330100/{slug}.csv"))
            assert rows[0] == head
            assert rows[1:] == cells
        timeliness = _dash_is_empty(
            [[plain(c) for c in row] for row in found["chart-timeliness-table"]["body"]]
        )
        assert timeliness[2] == ["2024Q4", "80.0", "5", "90.0", "2", "82.5", "4"]
        published = _dash_is_empty(found["chart-published-table"]["body"])
        assert published[2] == ["2024Q4", "3", "2"]

    def test_missing_fields_are_listed(self, client, refreshed):
        html = client.get(self.url("330100")).content.decode()
        missing = tables(html)["missing"]["body"]
        assert sorted(row[0] for row in missing) == ["CF_NR_FK", "XK_NR"]

    @pytest.mark.parametrize("code", ["999999", "330000"])
    def test_not_a_city(self, client, refreshed, code):
        assert client.get(self.url(code)).status_code == 404

    def test_a_bad_period_is_explained(self, client, refreshed):
        response = client.get(self.url("330100"), {"period": "nope"})
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
        assert response.context["figures"]["comparison"] is None

    def test_unknown_chart_csv(self, client, refreshed):
        assert client.get("/cities/330100/nope.csv").status_code == 404


class TestAuthorityPage:
    def test_the_authority_page_has_its_timeliness(self, client, refreshed):
        hz = refreshed["authorities"]["hz"]
        response = client.get(hz.get_absolute_url())
        html = response.content.decode()
        found = tables(html)
        table = found["chart-timeliness-table"]
        cells = _dash_is_empty([[plain(c) for c in row] for row in table["body"]])
        assert ["2024Q4", "80.0", "70.0"] in figures_only(table["head"][0], cells)
        comparison = found["comparison"]
        assert comparison["head"][0][1:] == ["杭州市市场监督管理局", "所有部门（平均）"]
        rows = _csv(client.get(f"/cities/authorities/{hz.pk}/timeliness.csv"))
        assert rows[1:] == cells
        assert "chart-list-entries" not in html

    def test_unknown_authority_csv(self, client, refreshed):
        assert client.get("/cities/authorities/99999/delay.csv").status_code == 404


def test_the_method_page_lists_the_required_fields(client, db):
    html = client.get("/cities/method/").content.decode()
    assert "CF_NR_FK" in html and "XK_XKWS" in html


def test_a_refresh_shows_on_the_pages(client, world):
    refresh_statistics(today=TODAY)
    assert "330100" in _names(client.get(LIST, {"period": "2024Q4"}))


def test_cached_figures_follow_each_refresh(client, refreshed):
    hz = refreshed["authorities"]["hz"]

    def published(path):
        html = client.get(path, {"period": "2024Q4"}).content.decode()
        return _dash_is_empty(tables(html)["chart-published-table"]["body"])[2]

    def listed():
        html = client.get(LIST, {"period": "2024Q4"}).content.decode()
        return next(r for r in tables(html)["city-table"]["body"] if r[0] == "杭州市")

    assert published("/cities/330100/") == ["2024Q4", "3", "2"]
    assert listed()[3] == "3"
    assert published(hz.get_absolute_url()) == ["2024Q4", "3", "2"]
    make_permit(
        authority=hz,
        decided_on=datetime.date(2024, 10, 8),
        published_at=at(2024, 10, 10),
    )
    # Until a refresh, the pages keep showing the stored figures.
    assert published("/cities/330100/") == ["2024Q4", "3", "2"]
    refresh_statistics(authorities=[hz], today=TODAY)
    assert published("/cities/330100/") == ["2024Q4", "4", "2"]
    assert listed()[3] == "4"
    assert published(hz.get_absolute_url()) == ["2024Q4", "4", "2"]


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The state, the batches; the rest is cached.
        (LIST, 2),
        # The city, the state, its designations and its province.
        ("/cities/330100/", 4),
    ],
)
def test_a_page_whose_figures_are_cached_asks_little(
    client, refreshed, django_assert_num_queries, path, queries
):
    client.get(path)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
