"""The averages of demonstration cities, of all cities and of all authorities.

Each is the mean of its members' figures in a period, every member counting
once, over the members with figures in that period (cities or authorities
that published a record or changed a list entry in it). Shares and medians are
averaged over the members that published records. A city belongs to the
demonstration cities of a period when a designation of it was in force on at
least one day of the period.
"""

from collections import defaultdict

from portal.cities.measures import MEASURES
from portal.cities.models import Average, Designation, Summary

_KEYS = [measure.key for measure in MEASURES]


def build_averages() -> list[Average]:
    """Return the averages of every group and period, from the stored summaries."""
    columns = ["region_id", "period", "period_start", "period_end", *_KEYS]
    city_rows = Summary.objects.filter(subject=Summary.Subject.CITY).values(*columns)
    authority_rows = Summary.objects.filter(subject=Summary.Subject.AUTHORITY).values(
        *columns
    )
    designations = defaultdict(list)
    for region_id, start, end in Designation.objects.values_list(
        "region_id", "designated_on", "ended_on"
    ):
        designations[region_id].append((start, end))

    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in city_rows.iterator():
        groups[Average.Group.ALL_CITIES, row["period"]].append(row)
        if any(
            start <= row["period_end"] and (end is None or end >= row["period_start"])
            for start, end in designations.get(row["region_id"], ())
        ):
            groups[Average.Group.DEMONSTRATION, row["period"]].append(row)
    for row in authority_rows.iterator():
        groups[Average.Group.ALL_AUTHORITIES, row["period"]].append(row)

    return [
        Average(
            group=group,
            period=period,
            period_start=rows[0]["period_start"],
            period_end=rows[0]["period_end"],
            members=len(rows),
            **{key: _mean(row[key] for row in rows) for key in _KEYS},
            counts={key: sum(row[key] is not None for row in rows) for key in _KEYS},
        )
        for (group, period), rows in sorted(groups.items())
    ]


def _mean(values) -> float | None:
    known = [value for value in values if value is not None]
    return sum(known) / len(known) if known else None
