"""A plan's frozen pools: entities by stratum, inspectors, and recusal pairs.

Recusal is applied before the draw and published: an inspector is barred
from an entity they declared a conflict with (`declared`) and from an entity
whose penalty their own unit decided within the last three years
(`own_unit_cases`).
"""

import datetime
from dataclasses import dataclass

from portal.disclosures.models import Penalty
from portal.inspections.choices import ALL_STRATUM, Stratification
from portal.inspections.models import DeclaredConflict, Inspector
from portal.registry.models import Entity

OWN_UNIT_YEARS = 3


@dataclass(frozen=True)
class Pools:
    entities: list[tuple[str, str]]  # (stratum, code), sorted
    inspectors: list[tuple[str, str]]  # (inspector, unit), sorted
    conflicts: list[tuple[str, str]]  # (inspector, code), sorted, distinct
    recusals: dict[str, int]  # pairs per rule
    entity_ids: dict[str, int]  # code -> Entity.pk
    inspector_ids: dict[str, int]  # code -> Inspector.pk


def population(plan):
    """Return the registry entities the plan's filter selects."""
    entities = Entity.objects.all()
    if plan.region_prefix:
        entities = entities.filter(region__code__startswith=plan.region_prefix)
    if plan.category:
        entities = entities.filter(category=plan.category)
    if plan.stratification == Stratification.REGION:
        # Stratified by region: an entity without one belongs to no stratum.
        entities = entities.exclude(region=None)
    return entities


def stratum_counts(plan) -> dict[str, int]:
    """Return the number of entities in each stratum of the plan's population."""
    counts: dict[str, int] = {}
    for stratum, _code in _entity_rows(plan):
        counts[stratum] = counts.get(stratum, 0) + 1
    return counts


def _entity_rows(plan):
    for key, region in population(plan).values_list("key", "region__code"):
        stratum = region if plan.stratification == Stratification.REGION else None
        yield stratum or ALL_STRATUM, key


def pool_inspectors(plan):
    """Return the active inspectors of the lead and partner authorities."""
    units = [plan.authority_id, *plan.partners.values_list("pk", flat=True)]
    return Inspector.objects.filter(authority__in=units, active=True)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def own_unit_cases(*, entity_ids, unit_ids, since: datetime.date):
    """Return (authority id, entity id) of penalties decided on or after `since`.

    Every penalty counts, whatever its publication state: a draft or a
    withdrawn decision was still the unit's case.
    """
    return set(
        Penalty.objects.filter(
            entity__in=entity_ids, authority__in=unit_ids, decided_on__gte=since
        ).values_list("authority_id", "entity_id")
    )


def freeze(plan, *, today: datetime.date) -> Pools:
    """Return the plan's pools and recusal pairs as of `today`."""
    entity_rows = sorted(set(_entity_rows(plan)))
    entity_ids = dict(population(plan).values_list("key", "pk"))
    ids_to_code = {pk: code for code, pk in entity_ids.items()}
    inspectors = list(pool_inspectors(plan))
    by_unit: dict[int, list[str]] = {}
    for inspector in inspectors:
        by_unit.setdefault(inspector.authority_id, []).append(inspector.code)

    declared = set(
        DeclaredConflict.objects.filter(
            inspector__in=inspectors, entity__in=entity_ids.values()
        ).values_list("inspector__code", "entity__key")
    )
    cases = own_unit_cases(
        entity_ids=list(entity_ids.values()),
        unit_ids=list(by_unit),
        since=_years_before(today, OWN_UNIT_YEARS),
    )
    own_unit = {
        (code, ids_to_code[entity_id])
        for unit_id, entity_id in cases
        for code in by_unit[unit_id]
    }
    return Pools(
        entities=entity_rows,
        inspectors=sorted((i.code, i.unit) for i in inspectors),
        conflicts=sorted(declared | own_unit),
        recusals={"declared": len(declared), "own_unit_cases": len(own_unit)},
        entity_ids=entity_ids,
        inspector_ids={i.code: i.pk for i in inspectors},
    )
