"""Reads of the statistics shared by the pages, the CSV downloads and the API."""

import datetime

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from portal.cities.figures import (
    Comparison,
    comparison_table,
    missing_fields,
    progress_note,
    subject_charts,
)
from portal.cities.figures import in_progress as _in_progress
from portal.cities.inspections import inspection_figures
from portal.cities.models import (
    Average,
    DemonstrationBatch,
    Designation,
    Summary,
    SummaryState,
)
from portal.cities.periods import Period, quarters_between
from portal.cities.statistics.units import city_regions
from portal.registry.models import Authority, Region

# Charts and their tables show this many quarters, the latest; the API and
# the year figures reach further back.
QUARTERS_SHOWN = 12


def current_state() -> SummaryState:
    """Return the state of the statistics (unsaved and empty before any refresh)."""
    return SummaryState.objects.filter(pk=1).first() or SummaryState(pk=1)


def counted_until(state: SummaryState) -> datetime.date | None:
    """Return the day (Beijing time) up to which the figures count records."""
    moment = state.refreshed_at or (state.updated_at if state.pk else None)
    return timezone.localtime(moment).date() if moment else None


def in_progress(period: Period, state: SummaryState) -> bool:
    """Return whether the figures were computed before `period` ended."""
    return _in_progress(period, counted_until(state))


def shown_quarters(state: SummaryState) -> list[Period]:
    """Return the quarters the charts show: the latest with figures, oldest first."""
    quarters = [Period.parse(k) for k in state.periods if "Q" in k]
    if not quarters:
        return []
    return quarters_between(min(quarters), max(quarters))[-QUARTERS_SHOWN:]


def period_choices(state: SummaryState) -> list:
    """Return the periods with figures, grouped into quarters and years."""
    periods = [Period.parse(key) for key in state.periods]
    return [
        (_("Quarters"), [(p.key, p.label) for p in periods if p.is_quarter]),
        (_("Years"), [(p.key, p.label) for p in periods if not p.is_quarter]),
    ]


def _in_language(name: str, name_en: str) -> str:
    return name_en if name_en and get_language() == "en" else name


def region_name(region: Region) -> str:
    """Return a region's name in the active language (Chinese if none other)."""
    return _in_language(region.name, region.name_en)


def city_label(
    *, name: str, name_en: str, level: str, parent: str = "", parent_en: str = ""
) -> str:
    """Return a city's name, with its prefecture or municipality for a county."""
    own = _in_language(name, name_en)
    if level == Region.Level.COUNTY and parent:
        return gettext("%(name)s (%(parent)s)") % {
            "name": own,
            "parent": _in_language(parent, parent_en),
        }
    return own


def city_name(region: Region) -> str:
    """Return a city's name as `city_label` does, from the region."""
    parent = region.parent if region.parent_id else None
    return city_label(
        name=region.name,
        name_en=region.name_en,
        level=region.level,
        parent=parent.name if parent else "",
        parent_en=parent.name_en if parent else "",
    )


def find_city(code: str) -> Region | None:
    """Return the city with this code, or None when no such city exists."""
    return (
        city_regions().select_related("parent").filter(code=code).first()
        if code.isdigit()
        else None
    )


def city_summaries() -> QuerySet[Summary]:
    return Summary.objects.filter(subject=Summary.Subject.CITY).select_related(
        "region__parent"
    )


def authority_summaries() -> QuerySet[Summary]:
    return Summary.objects.filter(subject=Summary.Subject.AUTHORITY).select_related(
        "authority__region"
    )


def batches_by_region(region_ids) -> dict[int, list[tuple[int, bool]]]:
    """Return each region's (batch number, ended) pairs, oldest batch first."""
    found: dict[int, list[tuple[int, bool]]] = {}
    rows = (
        Designation.objects.filter(region_id__in=list(region_ids))
        .order_by("batch__number")
        .values_list("region_id", "batch__number", "ended_on")
    )
    for region_id, number, ended_on in rows:
        found.setdefault(region_id, []).append((number, ended_on is not None))
    return found


def batch_has_members(number: int) -> bool:
    return Designation.objects.filter(batch__number=number).exists()


def batches() -> QuerySet[DemonstrationBatch]:
    """Return the batches with the number of members entered, for the overview."""
    return DemonstrationBatch.objects.annotate(entered=Count("designations"))


def averages(periods, groups) -> dict[tuple[str, str], Average]:
    """Return the averages of these groups in these periods by (group, period)."""
    rows = Average.objects.filter(period__in=list(periods), group__in=list(groups))
    return {(row.group, row.period): row for row in rows}


def summaries_by_period(queryset) -> dict[str, Summary]:
    return {row.period: row for row in queryset}


def designated_without_figures(*, period: Period, shown: set[int], filters) -> list:
    """Return the demonstration cities in force in the period that have no figures.

    `filters` narrows the designations as the page's filters narrow cities.
    """
    designations = (
        Designation.objects.in_force_during(period.start, period.end)
        .filter(filters)
        .exclude(region_id__in=shown)
        .select_related("region__parent", "batch")
        .order_by("region__code")
    )
    seen, regions = set(), []
    for designation in designations:
        if designation.region_id not in seen:
            seen.add(designation.region_id)
            regions.append(designation.region)
    return regions


def _comparisons(groups, quarters, extra: Period | None):
    """Return a Comparison per (group, label, member unit), with the averages of
    the quarters shown and of the `extra` period."""
    keys = [q.key for q in quarters] + ([extra.key] if extra else [])
    found = averages(keys, [group for group, _label, _unit in groups])
    return [
        Comparison(
            label,
            {period: avg for (g, period), avg in found.items() if g == group},
            unit,
        )
        for group, label, unit in groups
    ]


def _figures(*, name, rows, groups, state, period, csv_url, with_entries) -> dict:
    quarters = shown_quarters(state)
    comparisons = _comparisons(groups, quarters, period)
    charts = subject_charts(
        name=name,
        rows=rows,
        comparisons=comparisons,
        quarters=quarters,
        csv_url=csv_url,
        with_entries=with_entries,
        until=counted_until(state),
    )
    table = None
    if period:
        table = comparison_table(
            name=name,
            row=rows.get(period.key),
            comparisons=[(c.label, c.by_period.get(period.key)) for c in comparisons],
        )
    shown = {q.key for q in quarters}
    return {
        "state": state,
        "quarters": quarters,
        "charts": charts,
        "period": period,
        "period_note": progress_note(period, counted_until(state)) if period else "",
        "comparison": table,
        "missing": missing_fields(row for key, row in rows.items() if key in shown),
        "inspections": inspection_figures(rows, until=counted_until(state)),
    }


def city_figures(region: Region, *, state=None, period: Period | None = None) -> dict:
    """Return a city's charts, its comparison table for `period` and its gaps."""
    state = state or current_state()
    rows = summaries_by_period(
        Summary.objects.filter(subject=Summary.Subject.CITY, region=region)
    )
    return _figures(
        name=city_name(region),
        rows=rows,
        groups=[
            (
                Average.Group.DEMONSTRATION,
                gettext("Demonstration cities (average)"),
                pgettext("sample", "cities"),
            ),
            (
                Average.Group.ALL_CITIES,
                gettext("All cities (average)"),
                pgettext("sample", "cities"),
            ),
        ],
        state=state,
        period=period,
        csv_url=lambda slug: reverse("cities:chart-csv", args=[region.code, slug]),
        with_entries=True,
    )


def authority_figures(
    authority: Authority, *, state=None, period: Period | None = None
) -> dict:
    """Return an authority's timeliness and completeness charts and comparison."""
    state = state or current_state()
    if period is None and state.default_period:
        period = Period.parse(state.default_period)
    rows = summaries_by_period(
        Summary.objects.filter(subject=Summary.Subject.AUTHORITY, authority=authority)
    )
    return _figures(
        name=authority.name,
        rows=rows,
        groups=[
            (
                Average.Group.ALL_AUTHORITIES,
                gettext("All authorities (average)"),
                pgettext("sample", "authorities"),
            ),
        ],
        state=state,
        period=period,
        csv_url=lambda slug: reverse(
            "cities:authority-chart-csv", args=[authority.pk, slug]
        ),
        with_entries=False,
    )
