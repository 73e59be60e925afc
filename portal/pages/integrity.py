"""The integrity file: the summary at its top, and its random-inspection results."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst

from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.choices import WithdrawalReason
from portal.disclosures.models import Penalty, Permit
from portal.inspections import history, reference, selectors
from portal.inspections.choices import ResultState
from portal.inspections.models import InspectionResult
from portal.pages.templatetags.inspection_labels import result_category
from portal.registry.models import Entity


@dataclass(frozen=True)
class FileSummary:
    as_of: datetime.datetime
    red: list = field(default_factory=list)
    black: list = field(default_factory=list)
    watch: list = field(default_factory=list)
    penalties: int = 0
    permits: int = 0
    repaired: int = 0
    under_appeal: int = 0
    inspections: int = 0
    inspection_findings: int = 0

    @property
    def nothing_against(self) -> bool:
        """Tell whether the portal holds no listing or penalty against the entity."""
        return not (self.black or self.watch or self.penalties)


def summarise(
    entity: Entity,
    *,
    memberships,
    penalties: tuple[list, bool],
    permits: tuple[list, bool],
    withdrawn,
    appealed: set[str],
    inspections=(),
) -> FileSummary:
    """Count what the file shows; `penalties` and `permits` are (shown, more).

    The file shows a capped number of records, so they are counted in the
    database only when there are more than it shows.
    """
    memberships = list(memberships)
    by_colour = {colour: [] for colour in CreditList.Colour.values}
    for entry in memberships:
        by_colour[entry.credit_list.colour].append(entry)
    repaired_listings = ListEntry.objects.filter(
        entity=entity, removal_reason=ListEntry.RemovalReason.REPAIRED
    ).count()
    repaired_records = sum(
        1
        for record in withdrawn
        if record.withdrawal_reason == WithdrawalReason.REPAIR_GRANTED
    )
    return FileSummary(
        as_of=timezone.localtime(),
        red=by_colour[CreditList.Colour.RED],
        black=by_colour[CreditList.Colour.BLACK],
        watch=by_colour[CreditList.Colour.WATCH],
        penalties=_count(Penalty, entity, *penalties),
        permits=_count(Permit, entity, *permits),
        repaired=repaired_listings + repaired_records,
        under_appeal=len(appealed),
        inspections=len(inspections),
        inspection_findings=sum(
            1 for result in inspections if reference.BY_CODE[result.category].finding
        ),
    )


def _count(model, entity: Entity, shown: list, more: bool) -> int:
    return model.objects.public().filter(entity=entity).count() if more else len(shown)


@dataclass(frozen=True)
class Correction:
    at: datetime.datetime
    reason: str
    changes: list = field(default_factory=list)  # (label, old, new)


def _field_label(name: str) -> str:
    try:
        return capfirst(InspectionResult._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


_CATEGORY_BY_NAME = {
    category.name: category.code for category in reference.RESULT_CATEGORIES
}


def _value(name: str, shown: str) -> str:
    # The log shows a category by its Chinese name; English pages name it in
    # English, as everywhere else.
    if name == "category" and shown in _CATEGORY_BY_NAME:
        return result_category(_CATEGORY_BY_NAME[shown])
    return shown


def with_corrections(results) -> list:
    """Return the results, each with `corrections`: when, why and what changed.

    Only a corrected result has any, so the change log is read for those alone.
    """
    results = list(results)
    for result in results:
        result.corrections = []
        if result.state != ResultState.CORRECTED:
            continue
        for item in history.public_history(result):
            if item.action == history.Action.CORRECT:
                result.corrections.append(
                    Correction(
                        at=item.at,
                        reason=item.reason,
                        changes=[
                            {
                                "label": _field_label(change.name),
                                "old": _value(change.name, change.old),
                                "new": _value(change.name, change.new),
                            }
                            for change in item.changes
                        ],
                    )
                )
    return results


def inspection_results(entity: Entity) -> list:
    """Return the entity's public inspection results, newest first."""
    return with_corrections(
        selectors.public_results()
        .filter(drawn__entity=entity)
        .order_by("-decided_on", "-pk")
    )
