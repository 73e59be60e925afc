"""Read the records and list entries into tallies by authority, region and quarter.

Statistics count every record that went online (published, corrected or
withdrawn since, or past its publicity period), in the quarter of its
publication date in Asia/Shanghai: a penalty that has since left public view
was still published in its quarter, and a count reveals nothing of its
content. Drafts were never published and do not count.
"""

import datetime
import functools
import operator
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from portal.appeals.choices import Outcome
from portal.appeals.models import Appeal
from portal.cities.completeness import required_fields
from portal.cities.periods import Period
from portal.cities.statistics.inspections import collect_inspections
from portal.cities.statistics.tally import Tally
from portal.cities.statistics.units import City
from portal.core.workdays import WorkingCalendar, get_calendar
from portal.creditlists.models import ListEntry
from portal.disclosures.choices import RecordState
from portal.disclosures.models import Penalty, Permit

# (authority id, region code, quarter)
Key = tuple[int, str, Period]

_CHUNK = 5000
_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Scope:
    """What a refresh recomputes: everything, or some authorities and cities."""

    authority_ids: frozenset[int] | None = None
    cities: tuple[City, ...] | None = None

    @property
    def is_full(self) -> bool:
        return self.authority_ids is None

    def q(self, *, code: str, authority: str) -> Q:
        """Select the rows in scope, given the names of their code and authority."""
        if self.is_full:
            return Q()
        condition = Q(**{f"{authority}__in": self.authority_ids})
        for city in self.cities:
            condition |= Q(**{f"{code}__range": (city.low, city.high)})
        return condition


def collect(scope: Scope, *, today: datetime.date) -> dict[Key, Tally]:
    """Return the tallies of every authority, region and quarter in scope."""
    tallies: dict[Key, Tally] = defaultdict(Tally)
    calendar = get_calendar()
    count = _WorkingDayCount(calendar)
    for record_type, model in (("permit", Permit), ("penalty", Penalty)):
        _collect_records(tallies, model, record_type, scope, calendar, count)
    _collect_entries(tallies, scope, today=today)
    _collect_appeals(tallies, scope, count, today=today)
    collect_inspections(tallies, scope)
    return tallies


def _missing_mask(record_type: str):
    """Return an expression: bit i is set when required field i is missing."""
    cases = [
        Case(
            When(rule.missing, then=Value(1 << bit)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for bit, rule in enumerate(required_fields(record_type))
    ]
    return functools.reduce(operator.add, cases)


def _collect_records(tallies, model, record_type, scope, calendar, count) -> None:
    codes = [rule.code for rule in required_fields(record_type)]
    zone = timezone.get_default_timezone()
    is_permit = record_type == "permit"
    rows = (
        model.objects.filter(scope.q(code="region_code", authority="authority"))
        .filter(published_at__isnull=False)
        .exclude(state=RecordState.DRAFT)
        .annotate(missing_mask=_missing_mask(record_type))
        .order_by()
        .values_list(
            "authority_id",
            "region_code",
            "decided_on",
            "publication_deadline",
            "published_at",
            "missing_mask",
        )
    )
    for authority_id, code, decided, deadline, published_at, mask in rows.iterator(
        chunk_size=_CHUNK
    ):
        published = published_at.astimezone(zone).date()
        tally = tallies[authority_id, code, Period.of(published)]
        if is_permit:
            tally.permits += 1
        else:
            tally.penalties += 1
        tally.on_time += published <= deadline
        tally.delays[count.between(decided, published)] += 1
        if mask:
            tally.missing.update(c for bit, c in enumerate(codes) if mask >> bit & 1)
        else:
            tally.complete += 1
        if not tally.provisional and calendar.is_provisional(decided, published):
            tally.provisional = True


def _collect_entries(tallies, scope, *, today) -> None:
    """Count entries added (listed) and removed (taken off, or expired)."""
    rows = (
        ListEntry.objects.filter(
            scope.q(code="authority__region__code", authority="authority")
        )
        .order_by()
        .values_list(
            "authority_id",
            "authority__region__code",
            "listed_on",
            "removed_on",
            "expires_on",
        )
    )
    for authority_id, code, listed, removed, expires in rows.iterator(
        chunk_size=_CHUNK
    ):
        if listed <= today:
            tallies[authority_id, code, Period.of(listed)].entries_added += 1
        # An entry is current through its expiry day and gone the day after.
        left = removed or (expires + _ONE_DAY if expires and expires < today else None)
        if left and left <= today:
            tallies[authority_id, code, Period.of(left)].entries_removed += 1


def _collect_appeals(tallies, scope, count, *, today) -> None:
    """Count appeals received (in the quarter of receipt) and resolved (in the
    quarter of the decision), for the authority handling them."""
    rows = (
        Appeal.objects.filter(
            scope.q(code="authority__region__code", authority="authority")
        )
        .order_by()
        .values_list(
            "authority_id",
            "authority__region__code",
            "received_on",
            "decided_on",
            "decided_in_time",
            "outcome",
        )
    )
    for authority_id, code, received, decided, in_time, outcome in rows.iterator(
        chunk_size=_CHUNK
    ):
        if received <= today:
            tallies[authority_id, code, Period.of(received)].appeals_received += 1
        if decided is None or decided > today:
            continue
        tally = tallies[authority_id, code, Period.of(decided)]
        tally.appeals_resolved += 1
        tally.appeals_in_time += bool(in_time)
        tally.repairs_granted += outcome == Outcome.REPAIRED
        tally.handling[max(0, count.between(received, decided))] += 1


class _WorkingDayCount:
    """Count working days between two dates from per-year running totals.

    The same count as `WorkingCalendar.working_days_between`, without walking
    every day of every record's delay.
    """

    def __init__(self, calendar: WorkingCalendar):
        self._calendar = calendar
        self._years: dict[int, list[int]] = {}

    def _running(self, year: int) -> list[int]:
        """Return, for each day of the year, the working days up to and including it."""
        if year not in self._years:
            totals, n, day = [], 0, datetime.date(year, 1, 1)
            while day.year == year:
                n += self._calendar.is_working_day(day)
                totals.append(n)
                day += _ONE_DAY
            self._years[year] = totals
        return self._years[year]

    def _through(self, day: datetime.date) -> int:
        return self._running(day.year)[day.timetuple().tm_yday - 1]

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Count working days after `start` up to and including `end`."""
        if end < start:
            return -self.between(end, start)
        if start.year == end.year:
            return self._through(end) - self._through(start)
        count = self._running(start.year)[-1] - self._through(start)
        for year in range(start.year + 1, end.year):
            count += self._running(year)[-1]
        return count + self._through(end)
