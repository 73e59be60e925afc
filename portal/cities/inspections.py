"""The random-inspections section of the city and authority pages.

Built from the stored `Summary` rows of one city or authority (counted by
`portal.cities.statistics.inspections`): per period, the plans committed and
drawn, the share of the pools drawn, the results published, the share on
time and the share reporting a problem; and the results by category, per
year. Each share shows the n it rests on, marked when a small sample.
"""

import datetime

from django.conf import settings
from django.utils.translation import get_language, gettext, pgettext

from portal.cities.figures import in_progress
from portal.cities.measures import small_sample
from portal.cities.models import Summary
from portal.cities.periods import Period
from portal.inspections import reference

# The section shows the latest years with figures, each with its quarters.
YEARS_SHOWN = 3
_ACTIVITY = ("plans_committed", "plans_drawn", "inspection_results")


def _count(n: int) -> dict:
    return {"text": str(n), "n": "", "small": False}


def _share(part: int, whole: int) -> dict:
    """Return a share as the figure cells show it: a percentage, its n, small."""
    if not whole:
        return {"text": "", "n": "", "small": False}
    return {
        "text": f"{part / whole * 100:.1f}",
        "n": str(whole),
        "small": small_sample(whole),
    }


def _percent(label: str) -> str:
    return gettext("%(measure)s (%%)") % {"measure": label}


def headings() -> list[str]:
    """Return the column headings of the per-period table."""
    return [
        pgettext("statistics", "Period"),
        gettext("Plans committed"),
        gettext("Plans drawn"),
        _percent(gettext("Share of the pools drawn")),
        gettext("Results published"),
        _percent(
            gettext("Published within %(days)s working days")
            % {"days": settings.INSPECTION_RESULT_DEADLINE_WORKING_DAYS}
        ),
        _percent(gettext("Problem found")),
    ]


def _cells(row: Summary) -> list[dict]:
    return [
        _count(row.plans_committed),
        _count(row.plans_drawn),
        _share(row.entities_drawn, row.entities_in_pools),
        _count(row.inspection_results),
        _share(row.inspection_results_on_time, row.inspection_results),
        _share(row.inspection_findings, row.inspection_results),
    ]


def _shown_periods(rows: dict[str, Summary]) -> list[Period]:
    """Return the periods with inspections: the latest years, each then its
    quarters, newest first."""
    active = {
        Period.parse(key)
        for key, row in rows.items()
        if any(getattr(row, column) for column in _ACTIVITY)
    }
    years = sorted({period.year for period in active}, reverse=True)[:YEARS_SHOWN]
    return [
        period
        for year in years
        for period in (Period(year), *(Period(year, q) for q in (4, 3, 2, 1)))
        if period in active
    ]


def _category_name(code: str) -> str:
    category = reference.BY_CODE.get(code)
    if category is None:
        return code
    return category.name_en if get_language() == "en" else category.name


def _categories(rows: dict[str, Summary], years: list[Period]) -> dict:
    """Return the public results by category (rows) and year (columns)."""
    counts = [rows[year.key].inspection_categories for year in years]
    body = [
        {
            "label": _category_name(category.code),
            "finding": category.finding,
            "cells": [_count(by_code.get(category.code, 0)) for by_code in counts],
        }
        for category in reference.RESULT_CATEGORIES
        if any(by_code.get(category.code) for by_code in counts)
    ]
    return {
        "periods": [year.label for year in years],
        "rows": body,
        "totals": [_count(rows[year.key].inspection_results) for year in years],
    }


def inspection_figures(
    rows: dict[str, Summary], *, until: datetime.date | None
) -> dict:
    """Return the section's tables for one subject's rows by period key."""
    periods = _shown_periods(rows)
    years = [
        period
        for period in periods
        if not period.is_quarter and rows[period.key].inspection_results
    ]
    return {
        "headings": headings(),
        "rows": [
            {
                "label": period.label,
                "year": not period.is_quarter,
                "in_progress": in_progress(period, until),
                "cells": _cells(rows[period.key]),
            }
            for period in periods
        ],
        "categories": _categories(rows, years),
    }
