"""Columns of the statistics: periods, measures with their units and n, histograms.

A city's or an authority's share or median has beside it the records or
appeals it rests on (its n, `portal.cities.measures.MIN_SAMPLE`); an average,
the members it is over (`Average.counts`).
"""

import dataclasses

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.cities.completeness import field_labels
from portal.cities.measures import MEASURES, MIN_SAMPLE, Kind, Measure
from portal.cities.models import Average, Summary
from portal.cities.periods import Period
from portal.opendata.columns import SHARE_UNIT, Column, from_model
from portal.opendata.labels import NamedLabel, label_column

# Units, the same text in every language (as columns.MONEY_UNIT and SHARE_UNIT).
DAYS_UNIT = "工作日 (working days)"
RECORDS_UNIT = "件 (records)"
APPEALS_UNIT = "件 (appeals)"
ENTRIES_UNIT = "条 (list entries)"
CITIES_UNIT = "个 (cities)"
MEMBERS_UNIT = "个 (cities or authorities)"
PLANS_UNIT = "项 (inspection plans)"
ENTITIES_UNIT = "户 (entities)"
RESULTS_UNIT = "条 (inspection results)"
# Counts other than of records.
_COUNT_UNITS = {
    "entries_added": ENTRIES_UNIT,
    "entries_removed": ENTRIES_UNIT,
    "appeals_received": APPEALS_UNIT,
    "appeals_resolved": APPEALS_UNIT,
    "repairs_granted": APPEALS_UNIT,
}
# The measures of `portal.cities.measures` without a help text of their own.
_COUNT_DESCRIPTIONS = {
    "permits": _(
        "Permits that went online in the period (by the day of publication, "
        "Beijing time), those corrected or withdrawn since included."
    ),
    "penalties": _(
        "Penalties that went online in the period (by the day of publication, "
        "Beijing time), those corrected or withdrawn since included."
    ),
    "entries_added": _("Red and black list entries listed in the period."),
    "entries_removed": _("List entries taken off, or expired, in the period."),
}


def _period_label(key: str) -> str:
    try:
        return Period.parse(key).label
    except ValueError:
        return key


def period_columns(model) -> tuple[Column, ...]:
    period = from_model(model, "period", description=_("A quarter (2025Q2) or a year."))
    return (
        period,
        label_column(period, NamedLabel(_period_label)),
        from_model(model, "period_start", description=_("First day of the period.")),
        from_model(
            model,
            "period_end",
            description=_(
                "Last day of the period. The figures of a period not yet over "
                "still grow."
            ),
        ),
    )


def _as_stored(value):
    # A float is written by Python: the database's CSV text of a number
    # (opendata.sqltext) is made for the decimal amounts of the records.
    return value


def _unit(measure: Measure) -> str:
    if measure.kind == Kind.SHARE:
        return SHARE_UNIT
    if measure.kind == Kind.DAYS:
        return DAYS_UNIT
    return _COUNT_UNITS.get(measure.key, RECORDS_UNIT)


def _measure_column(model, measure: Measure, *, average: bool) -> Column:
    description = measure.help or _COUNT_DESCRIPTIONS[measure.key]
    if average:
        description = format_lazy(
            _(
                "{description} Here the mean over the group's members with a "
                "figure for it, each counting once."
            ),
            description=description,
        )
    column = from_model(
        model, measure.key, description=description, unit=_unit(measure)
    )
    if column.type == "number":
        column = dataclasses.replace(column, compute=_as_stored)
    return column


def _sample_column(measure: Measure, title) -> Column:
    """The n of a subject's share or median: the records or appeals it rests on."""
    if measure.sample == "appeals_resolved":
        unit = APPEALS_UNIT
        description = _(
            "Appeals decided in the period that {name} is computed from: its n. "
            "Fewer than {minimum} make a small sample, which the cities page "
            "marks and leaves out of its ranking."
        )
    else:
        unit = RECORDS_UNIT
        description = _(
            "Records published in the period that {name} is computed from: its "
            "n. Fewer than {minimum} make a small sample, which the cities page "
            "marks and leaves out of its ranking."
        )
    return Column(
        name=f"{measure.key}_n",
        sources=(measure.sample,),
        type="integer",
        title=format_lazy(_("{title}: n"), title=title),
        description=format_lazy(description, name=measure.key, minimum=MIN_SAMPLE),
        required=True,
        unit=unit,
    )


class _Averaged:
    """The number of members an average of one measure is over, from `counts`."""

    def __init__(self, key: str):
        self._key = key

    def __call__(self, counts):
        # Averages computed before the counts were kept have none.
        return counts.get(self._key) if counts else None


def _members_column(measure: Measure, title) -> Column:
    return Column(
        name=f"{measure.key}_n",
        sources=("counts",),
        type="integer",
        title=format_lazy(_("{title}: n"), title=title),
        description=format_lazy(
            _(
                "Members (cities or authorities) with a figure for {name} in the "
                "period, over which it is averaged: its n. Empty for averages "
                "computed before these counts were kept."
            ),
            name=measure.key,
        ),
        compute=_Averaged(measure.key),
        unit=MEMBERS_UNIT,
    )


def measure_columns(model) -> tuple[Column, ...]:
    """One column per measure (portal.cities.measures), each with its n.

    A city's or an authority's share or median has the records or appeals it
    rests on beside it; an average, the members it is over.
    """
    average = model is Average
    columns = []
    for measure in MEASURES:
        column = _measure_column(model, measure, average=average)
        columns.append(column)
        if average:
            columns.append(_members_column(measure, column.title))
        elif measure.sample:
            columns.append(_sample_column(measure, column.title))
    return tuple(columns)


def _delays(counts) -> list[str]:
    return [
        f"{days}:{n}" for days, n in sorted(counts.items(), key=lambda i: int(i[0]))
    ]


def _missing(counts) -> list[str]:
    return [f"{code}:{n}" for code, n in sorted(counts.items())]


_field_label = NamedLabel(lambda code: field_labels().get(code, code))


def _missing_labels(counts) -> list[str]:
    return [f"{_field_label(code)}:{n}" for code, n in sorted(counts.items())]


def summary_columns() -> tuple[Column, ...]:
    """The figures of a city or an authority: measures, counts, histograms."""
    missing = Column(
        name="missing",
        sources=("missing",),
        type="list",
        title=_("missing fields"),
        description=_(
            "Records lacking a required field, as “national field code:records”."
        ),
        compute=_missing,
        required=True,
    )
    return (
        *period_columns(Summary),
        *measure_columns(Summary),
        from_model(
            Summary,
            "records",
            description=_(
                "Permits and penalties published in the period: the n of the "
                "shares and of the median delay."
            ),
            unit=RECORDS_UNIT,
        ),
        from_model(
            Summary,
            "on_time",
            description=_(
                "Records published in the period within the publication deadline."
            ),
            unit=RECORDS_UNIT,
        ),
        from_model(
            Summary,
            "complete",
            description=_("Records published in the period with every required field."),
            unit=RECORDS_UNIT,
        ),
        Column(
            name="delays",
            sources=("delays",),
            type="list",
            title=_("delays"),
            description=_(
                "Records by publication delay, as “working days:records” (2:5 is "
                "five records published two working days after their decision)."
            ),
            compute=_delays,
            required=True,
        ),
        missing,
        dataclasses.replace(
            label_column(missing, _missing_labels),
            description=_(
                "The same, with each field's name as the portal's Chinese pages "
                "write it, as “field name:records”."
            ),
        ),
        from_model(Summary, "provisional"),
        *_inspection_columns(),
    )


def _categories(counts) -> list[str]:
    return [f"{code}:{n}" for code, n in sorted(counts.items())]


def _inspection_columns() -> tuple[Column, ...]:
    """The random inspections' counts (docs/statistics.md, "Random inspections")."""
    counts = (
        (
            "plans_committed",
            PLANS_UNIT,
            _(
                "Plans led by the authority whose commitment was published in "
                "the period."
            ),
        ),
        (
            "plans_drawn",
            PLANS_UNIT,
            _("Plans led by the authority drawn in the period."),
        ),
        (
            "entities_drawn",
            ENTITIES_UNIT,
            _("Entities drawn by the plans drawn in the period."),
        ),
        (
            "entities_in_pools",
            ENTITIES_UNIT,
            _(
                "Entities in the frozen pools of the plans drawn in the period: "
                "the share of the population inspected is entities_drawn over this."
            ),
        ),
        (
            "inspection_results",
            RESULTS_UNIT,
            _("Inspection results published in the period and still public."),
        ),
        (
            "inspection_results_on_time",
            RESULTS_UNIT,
            _("Of those, the results published within their deadline."),
        ),
        (
            "inspection_findings",
            RESULTS_UNIT,
            _("Of those, the results whose category reports a problem."),
        ),
    )
    return (
        *(
            from_model(Summary, name, description=description, unit=unit)
            for name, unit, description in counts
        ),
        Column(
            name="inspection_categories",
            sources=("inspection_categories",),
            type="list",
            title=_("inspection results by category"),
            description=_(
                "The results published in the period by result category, as "
                "“category code:results” (codes as in the inspection-results dataset)."
            ),
            compute=_categories,
            required=True,
        ),
    )
