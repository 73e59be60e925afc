import datetime
import time

import pytest

from portal.core.models import CalendarDay
from portal.core.workdays import WorkingCalendar, get_calendar
from tests.processes import manage, own_database, start

D = datetime.date
# A year whose holidays are not announced: chinesecalendar knows the years up
# to the last announced one and each release adds the next, so "next year"
# would turn known with a routine upgrade. 1 Jan 2094 is a Friday.
UNANNOUNCED = 2094


@pytest.fixture
def calendar():
    return WorkingCalendar(overrides={})


class TestKnownYears:
    def test_spring_festival_2025_and_its_make_up_days(self, calendar):
        # Holiday 28 Jan - 4 Feb; Sunday 26 Jan and Saturday 8 Feb are worked.
        assert calendar.is_working_day(D(2025, 1, 26))
        assert not calendar.is_working_day(D(2025, 1, 28))
        assert not calendar.is_working_day(D(2025, 2, 4))
        assert calendar.is_working_day(D(2025, 2, 8))
        assert not calendar.is_working_day(D(2025, 2, 9))

    def test_seven_working_days_across_spring_festival_2025(self, calendar):
        # Fri 24 Jan: 26, 27, 5, 6, 7, 8 (Sat) and 10 Feb.
        assert calendar.add_working_days(D(2025, 1, 24), 7) == D(2025, 2, 10)

    def test_seven_working_days_across_spring_festival_2026(self, calendar):
        # Thu 12 Feb: 13, 14 (Sat, make-up), 24, 25, 26, 27, 28 (Sat, make-up).
        assert calendar.add_working_days(D(2026, 2, 12), 7) == D(2026, 2, 28)

    def test_decision_on_a_holiday_counts_from_the_next_working_day(self, calendar):
        assert calendar.add_working_days(D(2025, 1, 30), 1) == D(2025, 2, 5)

    def test_zero_days_is_the_start(self, calendar):
        assert calendar.add_working_days(D(2025, 1, 30), 0) == D(2025, 1, 30)

    def test_negative_days_refused(self, calendar):
        with pytest.raises(ValueError):
            calendar.add_working_days(D(2025, 1, 30), -1)

    def test_count_between_dates(self, calendar):
        assert calendar.working_days_between(D(2025, 1, 24), D(2025, 2, 10)) == 7
        assert calendar.working_days_between(D(2025, 1, 24), D(2025, 1, 24)) == 0
        assert calendar.working_days_between(D(2025, 2, 10), D(2025, 1, 24)) == -7

    def test_known_range_is_not_provisional(self, calendar):
        assert not calendar.is_provisional(D(2025, 1, 24), D(2025, 2, 10))


class TestBeyondTheLibrary:
    def test_the_unannounced_years_are_unknown(self, calendar):
        assert {UNANNOUNCED - 1, UNANNOUNCED}.isdisjoint(calendar.known_years)

    def test_monday_to_friday_and_flagged_provisional(self, calendar):
        # 1 Jan (a Friday) counts as working: 31 Dec, 1, 4, 5, 6, 7 and 8 Jan.
        start, end = D(UNANNOUNCED - 1, 12, 30), D(UNANNOUNCED, 1, 8)
        assert calendar.add_working_days(start, 7) == end
        assert calendar.is_provisional(start, end)
        assert not calendar.is_working_day(D(UNANNOUNCED, 1, 2))

    def test_a_year_spanning_the_unknown_is_provisional(self, calendar):
        assert calendar.is_provisional(D(2025, 12, 1), D(UNANNOUNCED, 1, 10))


@pytest.mark.django_db
class TestOverrides:
    def test_override_table_makes_the_year_known(self):
        new_year = D(UNANNOUNCED, 1, 1)
        CalendarDay.objects.create(date=new_year, is_working_day=False, name="元旦")
        calendar = get_calendar()
        assert not calendar.is_working_day(new_year)
        start = D(UNANNOUNCED - 1, 12, 30)
        assert calendar.add_working_days(start, 7) == D(UNANNOUNCED, 1, 11)
        assert calendar.is_provisional(start, D(UNANNOUNCED, 1, 11))
        assert not calendar.is_provisional(new_year, D(UNANNOUNCED, 1, 11))

    def test_override_corrects_a_known_day(self):
        assert get_calendar().is_working_day(D(2025, 3, 3))
        CalendarDay.objects.create(date=D(2025, 3, 3), is_working_day=False)
        assert not get_calendar().is_working_day(D(2025, 3, 3))

    def test_saving_an_override_refreshes_the_cached_calendar(self):
        get_calendar()
        saturday = D(UNANNOUNCED, 1, 2)
        day = CalendarDay.objects.create(date=saturday, is_working_day=True)
        assert get_calendar().is_working_day(saturday)
        day.delete()
        assert not get_calendar().is_working_day(saturday)


# A Monday beyond chinesecalendar's years: a working day until overridden.
_MONDAY = f"datetime.date({UNANNOUNCED}, 1, 4)"
_READER = f"""
import datetime, sys
from portal.core.workdays import get_calendar
for line in sys.stdin:
    print(get_calendar().is_working_day({_MONDAY}), flush=True)
"""
_SAVE = f"""
import datetime
from portal.core.models import CalendarDay
CalendarDay.objects.create(date={_MONDAY}, is_working_day=False)
"""
_DELETE = """
from portal.core.models import CalendarDay
for day in CalendarDay.objects.all():
    day.delete()
"""


def _answer(reader) -> str:
    reader.stdin.write("?\n")
    reader.stdin.flush()
    return reader.stdout.readline().strip()


def _answers_within(reader, expected: str, seconds: float = 30) -> bool:
    """Ask until the reader gives the answer; the bound only stops a hang."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _answer(reader) == expected:
            return True
        time.sleep(0.1)
    return False


def test_every_process_sees_an_override_saved_or_deleted_in_another(tmp_path):
    with own_database(tmp_path) as env:
        reader = start(env, _READER)
        try:
            assert _answer(reader) == "True"  # its calendar is now in memory
            manage(env, script=_SAVE)
            assert _answers_within(reader, "False")
            manage(env, script=_DELETE)
            assert _answers_within(reader, "True")
        finally:
            reader.kill()
            reader.wait()
