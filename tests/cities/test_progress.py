"""The quarter still in progress is marked, on the portal's clock (Beijing time)."""

import datetime

import pytest

from portal.cities import selectors
from portal.cities.models import SummaryState
from portal.cities.periods import Period
from portal.cities.statistics import refresh_statistics
from tests.cities.conftest import at
from tests.cities.html import svgs, tables
from tests.factories import make_permit

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def in_progress(world):
    """A record of 2025Q2, and figures computed on 2025-05-01 (Beijing time)."""
    make_permit(
        authority=world["authorities"]["hz"],
        decided_on=D(2025, 4, 7),
        published_at=at(2025, 4, 8),
    )
    refresh_statistics(today=D(2025, 5, 1))
    # 2025-04-30 22:30 UTC is already 1 May in Beijing.
    SummaryState.objects.filter(pk=1).update(
        refreshed_at=datetime.datetime(2025, 4, 30, 22, 30, tzinfo=datetime.UTC)
    )
    return world


def test_figures_count_up_to_the_local_day_of_the_refresh(in_progress):
    state = selectors.current_state()
    assert selectors.counted_until(state) == D(2025, 5, 1)
    assert selectors.in_progress(Period(2025, 2), state)
    assert not selectors.in_progress(Period(2025, 1), state)
    assert selectors.in_progress(Period(2025), state)


def test_a_quarter_that_ended_before_the_refresh_is_complete(world):
    refresh_statistics(today=D(2025, 5, 1))
    SummaryState.objects.filter(pk=1).update(
        refreshed_at=datetime.datetime(2025, 7, 1, 1, tzinfo=datetime.UTC)
    )
    state = selectors.current_state()
    assert not selectors.in_progress(Period(2025, 2), state)


def test_the_city_charts_mark_the_quarter_in_progress(client, in_progress):
    html = client.get("/cities/330100/").content.decode()
    assert "2025年第2季度尚未结束：数据截至2025-05-01" in html
    table = tables(html)["chart-timeliness-table"]
    assert table["body"][-1][0] == "2025Q2 （进行中）"
    timeliness = svgs(html)[1]
    last = [
        el
        for el in timeliness.iter()
        if el.get("data-category") == str(len(table["body"]) - 1)
        and el.get("data-series") == "0"
    ]
    assert last and "in-progress" in last[0].get("class")
    dashed = [
        el
        for el in timeliness.iter()
        if el.tag.endswith("polyline") and "in-progress" in el.get("class")
    ]
    assert len(dashed) >= 1
    bars = svgs(html)[0]
    assert any(
        "in-progress" in (el.get("class") or "")
        for el in bars.iter()
        if el.get("data-category") == str(len(table["body"]) - 1)
    )


def test_a_ranking_of_a_period_in_progress_says_so(client, in_progress):
    response = client.get("/cities/", {"period": "2025Q2"})
    html = response.content.decode()
    assert "2025年第2季度尚未结束：数据截至2025-05-01" in html
