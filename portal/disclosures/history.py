"""A record's public change history: when it went online, what corrections
changed (old and new values) and why, read from the append-only change log."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist

from portal.core.identifiers import mask_person_name
from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import PenaltyCategory, WithdrawalReason

Action = ChangeLogEntry.Action
_PUBLIC_ACTIONS = (Action.PUBLISH, Action.CORRECT, Action.WITHDRAW, Action.EXPIRE)


@dataclass(frozen=True)
class Change:
    name: str
    label: str
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


def _display(model_field, value) -> str:
    if value in (None, "", []):
        return "—"
    if model_field is not None and model_field.name == "categories":
        return "、".join(
            str(PenaltyCategory(item).label) if item in PenaltyCategory.values else item
            for item in value
        )
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def describe_changes(model, changes: dict, *, person: bool = False) -> list[Change]:
    """Return a correction's {field: [before, after]} as labelled, readable values.

    For a natural person (`person`) the names are masked as everywhere public.
    """
    described = []
    for name, (old, new) in changes.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if person and name == "counterpart_name":
            old, new = (mask_person_name(v) if v else v for v in (old, new))
        described.append(
            Change(
                name=name,
                label=str(model_field.verbose_name),
                old=_display(model_field, old),
                new=_display(model_field, new),
            )
        )
    return described


def public_history(record) -> list[HistoryItem]:
    """Return what the public may read of a record's history, oldest first."""
    # A join on the content type, not a lookup first: one query for the page.
    entries = ChangeLogEntry.objects.filter(
        content_type__app_label=record._meta.app_label,
        content_type__model=record._meta.model_name,
        object_id=record.pk,
        action__in=_PUBLIC_ACTIONS,
    )
    items = []
    for entry in entries.order_by("at", "pk"):
        item = HistoryItem(
            at=entry.at,
            action=entry.action,
            action_label=str(entry.get_action_display()),
            version=entry.version,
            reason=entry.reason,
        )
        if entry.action == Action.CORRECT:
            item.changes = describe_changes(
                type(record), entry.changes, person=record.entity.is_person
            )
        elif entry.action in (Action.WITHDRAW, Action.EXPIRE):
            code = (entry.changes.get("withdrawal_reason") or [None, None])[1]
            if code in WithdrawalReason.values:
                label = str(WithdrawalReason(code).label)
                item.reason = f"{label}: {entry.reason}" if entry.reason else label
        items.append(item)
    return items
