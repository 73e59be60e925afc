"""Recompute the statistics from the records and store them.

The reading and counting happen outside any transaction, so a refresh never
holds the database's write lock while it reads half a million records; only
replacing the rows is atomic. A refresh that started before the one last
written leaves the newer figures alone.
"""

import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.cities.models import Average, Summary, SummaryState
from portal.cities.periods import Period
from portal.cities.statistics.averages import build_averages
from portal.cities.statistics.collect import Scope, collect
from portal.cities.statistics.tally import Tally
from portal.cities.statistics.units import City, cities
from portal.core.dates import local_today
from portal.registry.models import Authority

logger = logging.getLogger(__name__)

_BATCH = 2000


@dataclass(frozen=True)
class RefreshResult:
    rows: int  # summary rows written
    seconds: float
    partial: bool
    skipped: bool = False  # a newer refresh had already been written


def refresh_statistics(
    *,
    authorities: Iterable[Authority | int] | None = None,
    today: datetime.date | None = None,
) -> RefreshResult:
    """Recompute every figure, or those of some authorities and their cities.

    With `authorities` (after an import, say), only their rows and the rows
    of the cities holding them are recomputed, then every average.
    """
    started_at, started = timezone.now(), time.perf_counter()
    today = today or local_today()
    all_cities = cities()
    scope = _scope(authorities, all_cities)
    tallies = collect(scope, today=today)
    rows = _summaries(tallies, scope, all_cities)
    with transaction.atomic():
        state = _locked_state()
        if state.refreshed_at and state.refreshed_at > started_at:
            return RefreshResult(
                rows=0,
                seconds=time.perf_counter() - started,
                partial=not scope.is_full,
                skipped=True,
            )
        _stale(scope).delete()
        Summary.objects.bulk_create(rows, batch_size=_BATCH)
        _write_averages()
        state.periods, state.default_period = _periods(today)
        state.seconds = time.perf_counter() - started
        if scope.is_full:
            state.refreshed_at = started_at
        state.save()
    return RefreshResult(
        rows=len(rows), seconds=time.perf_counter() - started, partial=not scope.is_full
    )


def refresh_averages() -> None:
    """Recompute the averages alone, as when a designation is recorded."""
    with transaction.atomic():
        state = _locked_state()
        _write_averages()
        state.save()


def schedule_statistics_refresh(*, authorities: Iterable[Authority | int]) -> None:
    """Refresh these authorities' figures once the current transaction commits.

    A failure is logged and never undoes the write that asked for it; the
    nightly full refresh repairs what it missed.
    """
    authorities = list(authorities)

    def run():
        try:
            refresh_statistics(authorities=authorities)
        except Exception:
            logger.exception("Could not refresh the statistics of %s", authorities)

    transaction.on_commit(run)


def _scope(authorities, all_cities: list[City]) -> Scope:
    if authorities is None:
        return Scope()
    ids = frozenset(a.pk if isinstance(a, Authority) else int(a) for a in authorities)
    codes = set(
        Authority.objects.filter(pk__in=ids).values_list("region__code", flat=True)
    )
    held = tuple(c for c in all_cities if any(c.holds(code) for code in codes))
    return Scope(authority_ids=ids, cities=held)


def _summaries(tallies, scope: Scope, all_cities: list[City]) -> list[Summary]:
    """Add the quarters' tallies up by authority and by city, quarter and year."""
    by_authority: dict[int, dict[Period, Tally]] = defaultdict(
        lambda: defaultdict(Tally)
    )
    by_city: dict[int, dict[Period, Tally]] = defaultdict(lambda: defaultdict(Tally))
    in_scope = all_cities if scope.is_full else scope.cities
    holders: dict[str, list[int]] = {}
    for (authority_id, code, quarter), tally in tallies.items():
        periods = (quarter, quarter.year_period)
        if scope.is_full or authority_id in scope.authority_ids:
            for period in periods:
                by_authority[authority_id][period].add(tally)
        if code not in holders:
            holders[code] = [c.region_id for c in in_scope if c.holds(code)]
        for region_id in holders[code]:
            for period in periods:
                by_city[region_id][period].add(tally)
    rows = [
        _row(Summary.Subject.AUTHORITY, period, tally, authority_id=authority_id)
        for authority_id, periods in by_authority.items()
        for period, tally in periods.items()
    ]
    rows += [
        _row(Summary.Subject.CITY, period, tally, region_id=region_id)
        for region_id, periods in by_city.items()
        for period, tally in periods.items()
    ]
    return rows


def _row(subject, period: Period, tally: Tally, **subject_id) -> Summary:
    return Summary(
        subject=subject,
        period=period.key,
        period_start=period.start,
        period_end=period.end,
        **subject_id,
        **tally.columns(),
    )


def _stale(scope: Scope):
    if scope.is_full:
        return Summary.objects.all()
    return Summary.objects.filter(
        Q(subject=Summary.Subject.AUTHORITY, authority_id__in=scope.authority_ids)
        | Q(
            subject=Summary.Subject.CITY,
            region_id__in=[city.region_id for city in scope.cities],
        )
    )


def _write_averages() -> None:
    averages = build_averages()
    Average.objects.all().delete()
    Average.objects.bulk_create(averages, batch_size=_BATCH)


def _locked_state() -> SummaryState:
    SummaryState.objects.get_or_create(pk=1)
    return SummaryState.objects.select_for_update().get(pk=1)


def _periods(today: datetime.date) -> tuple[list[str], str]:
    """Return the periods with figures (quarters, then years, newest first) and
    the default: the latest quarter that had ended by `today`."""
    periods = sorted(
        {
            Period.parse(key)
            for key in Summary.objects.order_by()
            .values_list("period", flat=True)
            .distinct()
        },
        key=lambda p: (not p.is_quarter, -p.year, -p.quarter),
    )
    quarters = [p for p in periods if p.is_quarter]
    ended = [p for p in quarters if p.end < today]
    default = (ended or quarters or [None])[0]
    return [p.key for p in periods], default.key if default else ""
