"""The Chinese official working-day calendar.

`chinesecalendar` knows the State Council's holiday schedule up to the last
announced year. Officials fill `CalendarDay` overrides for later years (or to
correct a day); beyond both, Monday to Friday are working days and any answer
that depends on such a day is flagged provisional.

Each process keeps the overrides in memory and checks, at most once a
second, the calendar's version number (portal/core/versions.py), which every
save or delete of an override bumps: an override saved in one worker changes
the deadlines of every worker within a second.
"""

import datetime
import math
import threading
import time
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    """A calendar: `chinesecalendar`, overridden by explicit days."""

    overrides: dict[datetime.date, bool]
    known_years: frozenset[int] = field(init=False)

    def __post_init__(self):
        # A year with any override counts as announced: officials enter a
        # year's holidays and make-up days together.
        years = _library_years() | {day.year for day in self.overrides}
        object.__setattr__(self, "known_years", frozenset(years))

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in _library_years():
            return _library_is_workday(day)
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """Return the n-th working day after `start` (start itself not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += _ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Count working days after `start` up to and including `end`.

        Negative when `end` is before `start`, so a delay and an advance read
        naturally: the decision day itself is day 0.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += _ONE_DAY
            count += self.is_working_day(day)
        return count

    def is_provisional(self, start: datetime.date, end: datetime.date) -> bool:
        """Tell whether any day from start to end falls outside the known schedule."""
        first, last = sorted((start.year, end.year))
        return any(year not in self.known_years for year in range(first, last + 1))


@cache
def _library_years() -> frozenset[int]:
    years = {day.year for day in chinese_calendar.holidays}
    return frozenset(range(min(years), max(years) + 1))


@cache
def _library_is_workday(day: datetime.date) -> bool:
    # chinesecalendar re-scans its whole table on every call (~30 µs), and
    # every record's deadline asks about 7 to 10 days.
    return chinese_calendar.is_workday(day)


# Seconds a process outside a request (the worker, a command) trusts its copy
# of the overrides without a look at the version (one small query); each
# request looks once (`new_request`).
_CHECK_SECONDS = 1.0
VERSION_NAME = "calendar"


@dataclass(frozen=True)
class _Copy:
    calendar: WorkingCalendar
    version: str
    checked_at: float  # time.monotonic(); -inf: look at the next call


_copy: _Copy | None = None
_lock = threading.Lock()


def get_calendar() -> WorkingCalendar:
    """Return the calendar with the overrides from the database, as of now."""
    global _copy
    from portal.core import versions
    from portal.core.models import CalendarDay

    now = time.monotonic()
    copy = _copy
    if copy is not None and now - copy.checked_at < _CHECK_SECONDS:
        return copy.calendar
    # The version first: rows read after it are at least as new as it says.
    version = versions.current(name=VERSION_NAME)
    if copy is not None and copy.version == version:
        calendar = copy.calendar
    else:
        calendar = WorkingCalendar(
            overrides=dict(CalendarDay.objects.values_list("date", "is_working_day"))
        )
    with _lock:
        _copy = _Copy(calendar, version, now)
    return calendar


def calendar_changed() -> None:
    """Give the calendar a new version, in the transaction that changed it."""
    from portal.core import versions

    versions.bump(name=VERSION_NAME)
    clear_calendar_cache()


def new_request(**kwargs) -> None:
    """Make the request's first calendar look at the version."""
    global _copy
    copy = _copy
    if copy is not None:
        with _lock:
            _copy = _Copy(copy.calendar, copy.version, -math.inf)


def clear_calendar_cache() -> None:
    """Forget this process's copy of the overrides."""
    global _copy
    with _lock:
        _copy = None
