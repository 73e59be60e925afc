"""What the random-inspection endpoints read for a page of plans or results at once.

A plan's answer needs its files' names, hashes and sizes, the recusal counts
of plan.json, the sample sizes of sizes.csv and two counts. They are read here
for a whole page in a few queries rather than per plan, and without loading
the pools' bytes: entities.csv may list every company of a city.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import translation

from portal.inspections import verify_draw
from portal.inspections.choices import FileName
from portal.inspections.models import (
    DrawnEntity,
    FrozenFile,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
)

# The recusal rules plan.json counts pairs for (docs/inspections.md, 2.1).
RECUSAL_RULES = ("declared", "own_unit_cases")


@dataclass
class PlanFacts:
    """What a plan's answer shows beyond its own fields."""

    files: list[FrozenFile] = field(default_factory=list)  # without content
    recusals: dict[str, int] = field(default_factory=dict)
    sizes: list[tuple[str, int]] = field(default_factory=list)
    drawn: int = 0
    results: int = 0


def page_path(name: str, pk: int) -> str:
    """Return a page's path from the site's root, as every API answer gives it.

    In the default language, whatever the caller's: the address is the same
    page in any language, as the collections' `url` is.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=[pk])


def plan_path(plan_id: int) -> str:
    return page_path("inspections:plan", plan_id)


def result_path(result: InspectionResult) -> str:
    """Return the result's place on its plan's page."""
    return f"{plan_path(result.drawn.plan_id)}#inspection-result-{result.pk}"


def entity_path(entity) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return entity.get_absolute_url()


def plans_with_facts(queryset, pks: list[int]) -> list[InspectionPlan]:
    """Return the plans of `pks`, in that order, each with `facts` (PlanFacts)."""
    files = FrozenFile.objects.defer("content").annotate(size=Length("content"))
    found = {
        plan.pk: plan
        for plan in queryset.filter(pk__in=pks)
        .order_by()
        .select_related("authority")
        .prefetch_related(
            "partners",
            Prefetch(
                "items", queryset=InspectionItem.objects.select_related("authority")
            ),
            Prefetch("files", queryset=files, to_attr="published"),
        )
    }
    plans = [found[pk] for pk in pks if pk in found]
    facts = {plan.pk: PlanFacts(files=plan.published) for plan in plans}
    small = FrozenFile.objects.filter(
        plan_id__in=facts, name__in=[FileName.PLAN, FileName.SIZES]
    ).values_list("plan_id", "name", "content")
    for plan_id, name, content in small:
        if name == FileName.PLAN:
            recusals = json.loads(bytes(content)).get("recusals") or {}
            facts[plan_id].recusals = {
                rule: int(recusals.get(rule, 0)) for rule in RECUSAL_RULES
            }
        else:
            rows = verify_draw.parse_csv(FileName.SIZES, bytes(content))
            facts[plan_id].sizes = [(stratum, int(size)) for stratum, size in rows]
    drawn = (
        DrawnEntity.objects.filter(plan_id__in=facts)
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values_list("plan_id", "n")
    )
    for plan_id, count in drawn:
        facts[plan_id].drawn = count
    results = (
        InspectionResult.objects.public()
        .filter(drawn__plan_id__in=facts)
        .order_by()
        .values("drawn__plan_id")
        .annotate(n=Count("pk"))
        .values_list("drawn__plan_id", "n")
    )
    for plan_id, count in results:
        facts[plan_id].results = count
    for plan in plans:
        plan.facts = facts[plan.pk]
    return plans


def results_in_order(queryset, pks: list[int]) -> list[InspectionResult]:
    """Return the results of `pks`, in that order."""
    found = queryset.filter(pk__in=pks).order_by().in_bulk()
    return [found[pk] for pk in pks if pk in found]
