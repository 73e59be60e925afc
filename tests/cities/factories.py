"""Builders for the statistics models, for tests that need a row without records.

Real figures come from `refresh_statistics()` over records built with
`tests.factories`; these rows exist for the admin and for edge cases.
"""

import datetime

from portal.cities.models import Average, PlanPopulation, Summary, SummaryState
from portal.cities.periods import Period
from tests.factories import make_inspection_plan, make_region


def make_summary(**fields) -> Summary:
    period = Period.parse(fields.pop("period", "2025Q1"))
    fields.setdefault("subject", Summary.Subject.CITY)
    if fields["subject"] == Summary.Subject.CITY:
        fields.setdefault("region", None)
        fields["region"] = fields["region"] or make_region()
    fields.setdefault("permits", 3)
    fields.setdefault("penalties", 1)
    fields.setdefault("records", fields["permits"] + fields["penalties"])
    fields.setdefault("on_time", 3)
    fields.setdefault("complete", 4)
    fields.setdefault("delays", {"2": 2, "5": 1, "9": 1})
    fields.setdefault("on_time_share", fields["on_time"] / fields["records"])
    fields.setdefault("median_delay", 3.5)
    fields.setdefault("complete_share", 1.0)
    return Summary.objects.create(
        period=period.key, period_start=period.start, period_end=period.end, **fields
    )


def make_average(**fields) -> Average:
    period = Period.parse(fields.pop("period", "2025Q1"))
    fields.setdefault("group", Average.Group.ALL_CITIES)
    fields.setdefault("members", 2)
    fields.setdefault("permits", 2.5)
    fields.setdefault("on_time_share", 0.8)
    return Average.objects.create(
        period=period.key, period_start=period.start, period_end=period.end, **fields
    )


def make_summary_state(**fields) -> SummaryState:
    fields.setdefault(
        "refreshed_at", datetime.datetime(2025, 4, 2, 1, tzinfo=datetime.UTC)
    )
    fields.setdefault("periods", ["2025Q1", "2025"])
    fields.setdefault("default_period", "2025Q1")
    state, _created = SummaryState.objects.update_or_create(pk=1, defaults=fields)
    return state


def make_plan_population(**fields) -> PlanPopulation:
    fields.setdefault("plan", None)
    fields["plan"] = fields["plan"] or make_inspection_plan()
    fields.setdefault("pool", 7)
    fields.setdefault("drawn", 3)
    return PlanPopulation.objects.create(**fields)
