"""Count random inspections (双随机、一公开) into the tallies.

- **Plans** count for their lead authority: committed in the quarter of
  `committed_at`, drawn in the quarter of `drawn_at` (Beijing dates). A plan
  drawn in a quarter brings the entities drawn and the entities of the frozen
  pool they were drawn from, so that the share of the population inspected
  is their ratio.
- **Results** count for the authority recording them, in the quarter of their
  publication, while they are public (published or corrected): a withdrawn
  result was annulled or recorded in error, so neither its category nor its
  timeliness says anything of the inspections.
"""

from django.utils import timezone

from portal.cities.models import PlanPopulation
from portal.cities.periods import Period
from portal.inspections import reference
from portal.inspections.choices import FileName
from portal.inspections.models import (
    DrawnEntity,
    FrozenFile,
    InspectionPlan,
    InspectionResult,
)

_CHUNK = 5000
_FINDINGS = frozenset(c.code for c in reference.RESULT_CATEGORIES if c.finding)


def count_population(plan_id: int) -> PlanPopulation:
    """Return a drawn plan's pool and draw sizes, counted from what it published."""
    content = FrozenFile.objects.values_list("content", flat=True).get(
        plan_id=plan_id, name=FileName.ENTITIES
    )
    # One entity per line after the header; every line ends with "\n".
    pool = bytes(content).count(b"\n") - 1
    drawn = DrawnEntity.objects.filter(plan_id=plan_id).count()
    return PlanPopulation(plan_id=plan_id, pool=pool, drawn=drawn)


def populations(plan_ids) -> dict[int, PlanPopulation]:
    """Return the populations of these drawn plans, counting those not counted yet."""
    plan_ids = set(plan_ids)
    found = {p.plan_id: p for p in PlanPopulation.objects.filter(plan__in=plan_ids)}
    new = [count_population(plan_id) for plan_id in sorted(plan_ids - set(found))]
    # A fact about a drawn plan that never changes: written at once, and a
    # refresh running beside this one writes the same numbers.
    PlanPopulation.objects.bulk_create(new, ignore_conflicts=True)
    found.update((p.plan_id, p) for p in new)
    return found


def collect_inspections(tallies, scope) -> None:
    """Add the plans and results in scope to the tallies."""
    _collect_plans(tallies, scope)
    _collect_results(tallies, scope)


def _local_day(moment):
    return timezone.localtime(moment).date()


def _collect_plans(tallies, scope) -> None:
    rows = list(
        InspectionPlan.objects.filter(
            scope.q(code="authority__region__code", authority="authority")
        )
        .filter(committed_at__isnull=False)
        .order_by()
        .values_list(
            "pk", "authority_id", "authority__region__code", "committed_at", "drawn_at"
        )
    )
    drawn = populations(row[0] for row in rows if row[4] is not None)
    for pk, authority_id, code, committed_at, drawn_at in rows:
        committed = tallies[authority_id, code, Period.of(_local_day(committed_at))]
        committed.plans_committed += 1
        if drawn_at is None:
            continue
        tally = tallies[authority_id, code, Period.of(_local_day(drawn_at))]
        tally.plans_drawn += 1
        tally.entities_drawn += drawn[pk].drawn
        tally.entities_in_pools += drawn[pk].pool


def _collect_results(tallies, scope) -> None:
    rows = (
        InspectionResult.objects.public()
        .filter(scope.q(code="authority__region__code", authority="authority"))
        .order_by()
        .values_list(
            "authority_id",
            "authority__region__code",
            "published_at",
            "publication_deadline",
            "category",
        )
    )
    for authority_id, code, published_at, deadline, category in rows.iterator(
        chunk_size=_CHUNK
    ):
        published = _local_day(published_at)
        tally = tallies[authority_id, code, Period.of(published)]
        tally.inspection_results += 1
        tally.inspection_results_on_time += published <= deadline
        tally.inspection_findings += category in _FINDINGS
        tally.inspection_categories[category] += 1
