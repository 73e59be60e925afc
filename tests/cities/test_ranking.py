"""The ranking: sorted by its measure, ties by name, small samples unranked."""

import pytest

from portal.cities import measures, ranking
from tests.cities.html import data_values, svgs, tables

pytestmark = pytest.mark.django_db

LIST = "/cities/"


def _entry(name, value, n):
    return ranking.Candidate(name=name, value=value, sample=n)


class TestRank:
    def test_highest_share_first_ties_by_name_and_share_a_rank(self):
        ranked = ranking.rank(
            [
                _entry("丙", 0.5, 40),
                _entry("乙", 0.9, 40),
                _entry("甲", 0.9, 50),
                _entry("丁", None, 40),
                _entry("戊", 0.7, 40),
            ],
            measures.ON_TIME,
        )
        assert [(e.name, e.rank) for e in ranked] == [
            # 乙 (U+4E59) before 甲 (U+7532): ties in name order, one rank.
            ("乙", 1),
            ("甲", 1),
            ("戊", 3),
            ("丙", 4),
        ]

    def test_shortest_delay_first(self):
        ranked = ranking.rank(
            [_entry("a", 5.0, 40), _entry("b", 1.5, 40), _entry("c", 3.0, 40)],
            measures.MEDIAN_DELAY,
        )
        assert [e.name for e in ranked] == ["b", "c", "a"]

    def test_small_samples_follow_unranked(self, monkeypatch):
        monkeypatch.setattr(measures, "MIN_SAMPLE", 30)
        ranked = ranking.rank(
            [
                _entry("small", 1.0, 29),
                _entry("big", 0.6, 30),
                _entry("tiny", 0.2, 1),
            ],
            measures.ON_TIME,
        )
        assert [(e.name, e.rank, e.small) for e in ranked] == [
            ("big", 1, False),
            ("small", None, True),
            ("tiny", None, True),
        ]

    def test_counts_have_no_sample_and_rank_everyone(self):
        ranked = ranking.rank(
            [_entry("a", 2, None), _entry("b", 7, None), _entry("c", 0, None)],
            measures.PERMITS,
        )
        assert [(e.name, e.rank, e.small) for e in ranked] == [
            ("b", 1, False),
            ("a", 2, False),
            ("c", 3, False),
        ]


class TestRankingOnThePage:
    def test_the_chart_ranks_rather_than_following_the_table(
        self, client, refreshed, monkeypatch
    ):
        monkeypatch.setattr(measures, "MIN_SAMPLE", 2)
        html = client.get(LIST, {"period": "2024Q4"}).content.decode()
        table = tables(html)["chart-ranking-table"]
        assert table["head"][0] == [
            "排名",
            "城市",
            "7个工作日内公示（%）",
            "n（记录数）",
        ]
        # The table is in region-code order: 杭州, 宁波, 金华, 义乌.
        assert [row[:4] for row in table["body"]] == [
            ["1", "杭州市", "80.0", "5"],
            ["2", "金华市", "50.0", "2"],
            ["—", "义乌市（金华市）", "100.0 * （样本过小）", "1"],
            ["—", "宁波市", "100.0 * （样本过小）", "1"],
        ]

    def test_the_title_names_the_measure_the_period_and_the_order(
        self, client, refreshed
    ):
        response = client.get(LIST, {"period": "2024Q4", "sort": "median_delay"})
        chart = response.context["ranking"]
        assert chart.title == "排名：公示时长中位数，2024年第4季度"
        assert "用时最短的在前" in chart.description
        assert "少于30条记录" in chart.description

    def test_the_svg_marks_small_samples(self, client, refreshed):
        html = client.get(LIST, {"period": "2024Q4"}).content.decode()
        (svg,) = svgs(html)
        bars = [el for el in svg.iter() if el.get("data-value") is not None]
        assert len(bars) == 4
        assert all("small-sample" in bar.get("class") for bar in bars)
        assert data_values(svg)[(0, 0)] == "100.0"

    def test_the_csv_is_the_ranking_table(self, client, refreshed, monkeypatch):
        monkeypatch.setattr(measures, "MIN_SAMPLE", 2)
        response = client.get("/cities/ranking.csv", {"period": "2024Q4"})
        lines = response.content.decode("utf-8").lstrip("\ufeff").splitlines()
        assert lines[0] == "排名,城市,7个工作日内公示（%）,n（记录数）"
        assert lines[1] == "1,杭州市,80.0,5"
        assert lines[3] == ",义乌市（金华市）,100.0,1"
