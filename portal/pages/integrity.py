"""The summary at the top of an integrity file: what stands against an entity now."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.choices import WithdrawalReason
from portal.disclosures.models import Penalty, Permit
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
    )


def _count(model, entity: Entity, shown: list, more: bool) -> int:
    return model.objects.public().filter(entity=entity).count() if more else len(shown)
