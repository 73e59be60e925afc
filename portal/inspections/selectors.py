"""Shared reads of random inspections, for the pages, API and files built on them."""

from django.db.models import QuerySet

from portal.inspections import pools
from portal.inspections.choices import PlanState
from portal.inspections.models import (
    FrozenFile,
    InspectionPlan,
    InspectionResult,
    TeamMember,
)


def plans_of(*, authority) -> QuerySet[InspectionPlan]:
    """Return the plans an authority leads or takes part in, drafts included."""
    return InspectionPlan.objects.of_authority(authority).select_related("authority")


def public_plans() -> QuerySet[InspectionPlan]:
    """Return the plans whose pools and commitment are public."""
    return InspectionPlan.objects.published().select_related("authority")


def population_preview(*, plan: InspectionPlan) -> dict[str, int]:
    """Return the number of entities per stratum the plan's filter selects now."""
    return pools.stratum_counts(plan)


def published_files(*, plan: InspectionPlan) -> dict[str, FrozenFile]:
    """Return a plan's published files by name (none for a draft)."""
    if plan.state == PlanState.DRAFT:
        return {}
    return {file.name: file for file in plan.files.all()}


def public_results() -> QuerySet[InspectionResult]:
    """Return the results the public may see, with what a listing shows."""
    return InspectionResult.objects.public().select_related(
        "drawn__entity", "drawn__plan", "item", "authority"
    )


def results_of(*, authority) -> QuerySet[InspectionResult]:
    """Return the results an authority records (its items' results)."""
    return InspectionResult.objects.filter(authority=authority).select_related(
        "drawn__entity", "drawn__plan", "item"
    )


def team_of(*, plan: InspectionPlan) -> QuerySet[TeamMember]:
    """Return the drawn teams of a plan, in teams.csv order."""
    return (
        TeamMember.objects.filter(drawn__plan=plan)
        .select_related("drawn__entity", "inspector")
        .order_by("drawn__position", "position")
    )
