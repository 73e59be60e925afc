from portal.inspections.models.draws import DrawnEntity, FrozenFile, TeamMember
from portal.inspections.models.people import DeclaredConflict, Inspector
from portal.inspections.models.plans import (
    InspectionItem,
    InspectionPlan,
    PlanSecret,
    PlanStratum,
)
from portal.inspections.models.results import InspectionResult, ResultVersion

__all__ = [
    "DeclaredConflict",
    "DrawnEntity",
    "FrozenFile",
    "InspectionItem",
    "InspectionPlan",
    "InspectionResult",
    "Inspector",
    "PlanSecret",
    "PlanStratum",
    "ResultVersion",
    "TeamMember",
]
