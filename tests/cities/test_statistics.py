"""Each measure on the hand-built world of conftest.py, against answers worked out
by hand (the comments show the working)."""

import datetime
import random

import pytest
from django.utils import timezone

from portal.cities.models import Average, Summary, SummaryState
from portal.cities.statistics import refresh_statistics
from portal.cities.statistics.collect import _WorkingDayCount
from portal.cities.statistics.tally import median
from portal.core.workdays import get_calendar
from tests.cities.conftest import TODAY, at
from tests.factories import make_penalty, make_permit

D = datetime.date
pytestmark = pytest.mark.django_db


def city(region, period) -> Summary:
    return Summary.objects.get(subject="city", region=region, period=period)


def authority(obj, period) -> Summary:
    return Summary.objects.get(subject="authority", authority=obj, period=period)


def average(group, period) -> Average:
    return Average.objects.get(group=group, period=period)


class TestTheRecordsThemselves:
    """The rules the measures rest on, checked on the records before counting."""

    def test_the_national_day_week_moves_the_deadline(self, world):
        late = world["records"]["late_permit"]
        on_time = world["records"]["holiday_penalty"]
        # 2024-09-27 (Fri) + 7 working days: 29 Sep (make-up Sunday), 30 Sep,
        # 8, 9, 10, 11 Oct and the make-up Saturday 12 Oct.
        assert late.publication_deadline == D(2024, 10, 12)
        assert late.publication_delay == 8
        assert not late.published_on_time
        assert on_time.publication_delay == 6
        assert on_time.published_on_time

    def test_publication_dates_are_read_in_beijing_time(self, world):
        eve = world["records"]["yiwu_new_years_eve"]
        new_year = world["records"]["yiwu_new_year"]
        assert eve.published_at.astimezone(datetime.UTC).date() == D(2024, 12, 31)
        assert new_year.published_at.astimezone(datetime.UTC).date() == D(2024, 12, 31)
        assert timezone.localdate(new_year.published_at) == D(2025, 1, 1)


class TestCityMeasures:
    def test_hangzhou_in_2024q4(self, refreshed):
        row = city(refreshed["hangzhou"], "2024Q4")
        # Late, quick and incomplete permits; the holiday and the withdrawn
        # penalties. The draft is not counted.
        assert (row.permits, row.penalties, row.records) == (3, 2, 5)
        # All but the late permit.
        assert row.on_time == 4
        assert row.on_time_share == pytest.approx(0.8)
        # Delays 8, 6, 1, 2, 1: sorted 1, 1, 2, 6, 8.
        assert row.delays == {"1": 2, "2": 1, "6": 1, "8": 1}
        assert row.median_delay == 2
        # The permit stored without its content.
        assert row.complete == 4
        assert row.complete_share == pytest.approx(0.8)
        assert row.missing == {"XK_NR": 1}
        # Listed on 2024-11-05, 2024-10-15 and 2024-12-02 by the court.
        assert (row.entries_added, row.entries_removed) == (3, 0)
        assert not row.provisional

    def test_hangzhou_in_2025q1(self, refreshed):
        row = city(refreshed["hangzhou"], "2025Q1")
        assert (row.permits, row.penalties) == (0, 1)
        assert row.on_time_share == 1.0
        assert row.median_delay == 2
        # A fine without its amount: incomplete.
        assert row.complete_share == 0.0
        assert row.missing == {"CF_NR_FK": 1}
        # One taken off on 2025-02-10, one expired on 2024-12-31 (gone 1 January).
        assert (row.entries_added, row.entries_removed) == (0, 2)

    def test_a_county_level_city_has_its_own_figures(self, refreshed):
        q4 = city(refreshed["yiwu"], "2024Q4")
        q1 = city(refreshed["yiwu"], "2025Q1")
        assert (q4.permits, q1.permits) == (1, 1)
        # Decided 30 December; 31 December is a working day, 1 January is not.
        assert q4.delays == {"1": 1}
        assert q1.delays == {"1": 1}
        assert q4.on_time_share == q1.on_time_share == 1.0

    def test_a_prefecture_holds_its_county_level_cities(self, refreshed):
        row = city(refreshed["jinhua"], "2024Q4")
        # Jinhua's own late penalty (14 working days) and Yiwu's permit (1).
        assert (row.permits, row.penalties) == (1, 1)
        assert row.on_time_share == 0.5
        assert row.median_delay == 7.5

    def test_a_year_adds_its_quarters_up_and_takes_the_exact_median(self, refreshed):
        year = city(refreshed["ningbo"], "2024")
        assert (year.period_start, year.period_end) == (D(2024, 1, 1), D(2024, 12, 31))
        # 2024Q2 (delay 1) and 2024Q4 (delay 2).
        assert year.permits == 2
        assert year.median_delay == 1.5
        hangzhou_2025 = city(refreshed["hangzhou"], "2025")
        assert hangzhou_2025.penalties == 1

    def test_provinces_are_not_cities(self, refreshed):
        assert not Summary.objects.filter(
            subject="city", region=refreshed["zhejiang"]
        ).exists()

    def test_quarters_without_anything_have_no_row(self, refreshed):
        assert not Summary.objects.filter(
            subject="city", region=refreshed["hangzhou"], period="2024Q2"
        ).exists()


class TestAuthorityMeasures:
    def test_each_authority_counts_its_own_records(self, refreshed):
        authorities = refreshed["authorities"]
        hz = authority(authorities["hz"], "2024Q4")
        assert (hz.permits, hz.penalties, hz.on_time) == (3, 2, 4)
        assert hz.entries_added == 0
        court = authority(authorities["court"], "2024Q4")
        assert court.records == 0
        assert court.on_time_share is None
        assert court.entries_added == 3
        jh = authority(authorities["jh"], "2024Q4")
        assert jh.on_time_share == 0.0
        assert jh.median_delay == 14


class TestAverages:
    def test_all_cities_weigh_each_city_once(self, refreshed):
        row = average(Average.Group.ALL_CITIES, "2024Q4")
        # Hangzhou, Yiwu, Jinhua and Ningbo.
        assert row.members == 4
        assert row.on_time_share == pytest.approx((0.8 + 1.0 + 0.5 + 1.0) / 4)
        assert row.median_delay == pytest.approx((2 + 1 + 7.5 + 2) / 4)
        assert row.permits == pytest.approx((3 + 1 + 1 + 1) / 4)
        assert row.penalties == pytest.approx((2 + 0 + 1 + 0) / 4)
        assert row.complete_share == pytest.approx((0.8 + 1 + 1 + 1) / 4)
        assert row.entries_added == pytest.approx(3 / 4)

    def test_demonstration_cities_are_those_designated_in_the_period(self, refreshed):
        # Ningbo's designation ended on 2024-06-30.
        q4 = average(Average.Group.DEMONSTRATION, "2024Q4")
        assert q4.members == 2
        assert q4.on_time_share == pytest.approx((0.8 + 1.0) / 2)
        assert q4.median_delay == pytest.approx((2 + 1) / 2)
        q2 = average(Average.Group.DEMONSTRATION, "2024Q2")
        assert q2.members == 1
        assert q2.permits == 1

    def test_all_authorities_average_shares_over_those_that_published(self, refreshed):
        row = average(Average.Group.ALL_AUTHORITIES, "2024Q4")
        # The court only listed entries: a member, without a share.
        assert row.members == 5
        assert row.on_time_share == pytest.approx((0.8 + 1.0 + 0.0 + 1.0) / 4)


class TestState:
    def test_periods_and_the_default_period(self, refreshed):
        state = SummaryState.objects.get()
        assert state.periods == ["2025Q1", "2024Q4", "2024Q2", "2025", "2024"]
        assert state.default_period == "2025Q1"
        assert state.refreshed_at is not None

    def test_the_default_is_the_latest_quarter_that_has_ended(self, world):
        refresh_statistics(today=D(2025, 3, 15))
        assert SummaryState.objects.get().default_period == "2024Q4"

    def test_a_refresh_replaces_every_row(self, refreshed):
        first = set(Summary.objects.values_list("pk", flat=True))
        refresh_statistics(today=TODAY)
        assert not first & set(Summary.objects.values_list("pk", flat=True))

    def test_a_refresh_older_than_the_stored_one_writes_nothing(self, refreshed):
        state = SummaryState.objects.get()
        state.refreshed_at = timezone.now() + datetime.timedelta(hours=1)
        state.save()
        before = set(Summary.objects.values_list("pk", flat=True))
        result = refresh_statistics(today=TODAY)
        assert result.skipped
        assert set(Summary.objects.values_list("pk", flat=True)) == before


def _figures():
    rows = Summary.objects.values(
        "subject",
        "region_id",
        "authority_id",
        "period",
        "permits",
        "penalties",
        "on_time",
        "complete",
        "delays",
        "missing",
        "entries_added",
        "entries_removed",
        "median_delay",
    )
    averages = Average.objects.values(
        "group", "period", "members", "on_time_share", "median_delay"
    )
    return (
        sorted(rows, key=lambda r: sorted((k, str(v)) for k, v in r.items())),
        sorted(averages, key=lambda r: (r["group"], r["period"])),
    )


class TestPartialRefresh:
    def test_refreshing_one_authority_gives_what_a_full_refresh_gives(self, refreshed):
        yw = refreshed["authorities"]["yw"]
        make_permit(
            authority=yw, decided_on=D(2024, 11, 1), published_at=at(2024, 12, 20)
        )
        before = city(refreshed["jinhua"], "2024Q4").records

        result = refresh_statistics(authorities=[yw], today=TODAY)

        assert result.partial and not result.skipped
        assert city(refreshed["jinhua"], "2024Q4").records == before + 1
        assert city(refreshed["yiwu"], "2024Q4").on_time_share == 0.5
        partial = _figures()
        refresh_statistics(today=TODAY)
        assert _figures() == partial

    def test_other_cities_are_left_alone(self, refreshed):
        kept = city(refreshed["ningbo"], "2024Q4").pk
        refresh_statistics(authorities=[refreshed["authorities"]["yw"]], today=TODAY)
        assert city(refreshed["ningbo"], "2024Q4").pk == kept


def test_delays_beyond_the_known_calendar_are_provisional(world):
    # chinesecalendar starts in 2004: 2003's holidays are not known.
    make_penalty(
        authority=world["authorities"]["nb"],
        decided_on=D(2003, 6, 2),
        published_at=at(2003, 6, 4),
    )
    refresh_statistics(today=TODAY)
    assert city(world["ningbo"], "2003Q2").provisional
    assert not city(world["ningbo"], "2024Q4").provisional


def test_the_running_count_agrees_with_the_calendar(db):
    calendar = get_calendar()
    count = _WorkingDayCount(calendar)
    rng = random.Random(9)
    start = D(2022, 12, 1)
    for _ in range(300):
        a = start + datetime.timedelta(days=rng.randrange(1600))
        b = a + datetime.timedelta(days=rng.randrange(-40, 400))
        assert count.between(a, b) == calendar.working_days_between(a, b), (a, b)


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        ({}, None),
        ({3: 1}, 3.0),
        ({1: 2, 2: 1, 6: 1, 8: 1}, 2.0),
        ({14: 1, 1: 1}, 7.5),
        ({0: 3, 9: 3}, 4.5),
        ({2: 4, 5: 1}, 2.0),
    ],
)
def test_median_of_a_histogram(histogram, expected):
    assert median(histogram) == expected


def test_nothing_to_count_gives_no_rows_and_no_default(db):
    result = refresh_statistics(today=TODAY)
    assert result.rows == 0
    state = SummaryState.objects.get()
    assert (state.periods, state.default_period) == ([], "")
