"""The cities page: the ranking first, the long table folded, batches in words."""

import pytest

from tests.factories import make_batch

pytestmark = pytest.mark.django_db

LIST = "/cities/"


def test_the_chart_comes_before_the_table(client, refreshed):
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    assert html.index('id="chart-ranking"') < html.index('id="city-table"')
    assert html.index('id="city-table"') < html.index('id="batches-heading"')


def test_the_table_folds_under_a_summary_that_counts_the_cities(client, refreshed):
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    start = html.index('<details class="city-table-panel"')
    assert html.index("<summary", start) < html.index('id="city-table"')
    summary = html[html.index("<summary", start) : html.index("</summary>", start)]
    assert "4个城市" in summary and "2024年第4季度" in summary
    # Folded at first; sorting by a column opens it.
    assert html[start : html.index(">", start)].find(" open") == -1
    sorted_html = client.get(
        LIST, {"period": "2024Q4", "sort": "-permits"}
    ).content.decode()
    start = sorted_html.index('<details class="city-table-panel"')
    assert " open" in sorted_html[start : sorted_html.index(">", start)]


def test_the_table_scrolls_inside_its_own_box(client, refreshed):
    html = client.get(LIST, {"period": "2024Q4"}).content.decode()
    before = html[: html.index('id="city-table"')]
    assert before.rindex('class="table-scroll"') > before.rindex("<details")


def test_the_sort_menu_names_the_deadline(client, refreshed):
    html = client.get(LIST).content.decode()
    assert "%(days)s" not in html
    assert "7个工作日内公示（降序）" in html


def test_a_batch_without_members_says_so_in_words(client, refreshed):
    make_batch(number=2, official_count=16, source="第二批名单")
    html = client.get(LIST).content.decode()
    assert "尚未录入" in html
    filtered = client.get(LIST, {"period": "2024Q4", "batch": "2"}).content.decode()
    assert "第2批的成员城市尚未录入，因此没有数据" in filtered


def test_the_empty_row_spans_every_column(client, refreshed):
    html = client.get(LIST, {"period": "2024Q2", "batch": "1"})
    text = html.content.decode()
    assert 'colspan="10"' not in text
