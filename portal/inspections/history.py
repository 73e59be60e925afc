"""A result's public change history, read from the append-only change log."""

import datetime
from dataclasses import dataclass, field

from portal.core.models import ChangeLogEntry
from portal.inspections import reference
from portal.inspections.choices import ResultWithdrawalReason

Action = ChangeLogEntry.Action
_PUBLIC_ACTIONS = (Action.PUBLISH, Action.CORRECT, Action.WITHDRAW)


@dataclass(frozen=True)
class Change:
    name: str
    old: str
    new: str


@dataclass
class HistoryItem:
    at: datetime.datetime
    action: str
    action_label: str
    version: int | None
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "category" and value in reference.BY_CODE:
        return reference.BY_CODE[value].name
    return str(value)


def public_history(result) -> list[HistoryItem]:
    """Return what the public may read of a result's history, oldest first."""
    entries = ChangeLogEntry.objects.filter(
        content_type__app_label=result._meta.app_label,
        content_type__model=result._meta.model_name,
        object_id=result.pk,
        action__in=_PUBLIC_ACTIONS,
    ).order_by("at", "pk")
    items = []
    for entry in entries:
        item = HistoryItem(
            at=entry.at,
            action=entry.action,
            action_label=str(entry.get_action_display()),
            version=entry.version,
            reason=entry.reason,
        )
        if entry.action == Action.CORRECT:
            item.changes = [
                Change(name, _display(name, old), _display(name, new))
                for name, (old, new) in entry.changes.items()
            ]
        elif entry.action == Action.WITHDRAW:
            code = (entry.changes.get("withdrawal_reason") or [None, None])[1]
            if code in ResultWithdrawalReason.values:
                label = str(ResultWithdrawalReason(code).label)
                item.reason = f"{label}: {entry.reason}" if entry.reason else label
        items.append(item)
    return items
