"""The records an appeal can be about, and what applies to each.

A record is named `<type>:<id>` (`penalty:12`, `permit:7`, `listentry:3`), as
in `/appeals/new/?record=penalty:12`. Only what the public may see can be
appealed: it is found through the visibility rule of its model.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.appeals.choices import AppealKind, Ground, RecordType
from portal.core.dates import local_today
from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.models import Penalty, Permit

_GROUNDS = {
    RecordType.PENALTY: (Ground.CONTENT, Ground.PERIOD, Ground.REPAIR_DECISION),
    # A permit has no publicity period and is never repaired.
    RecordType.PERMIT: (Ground.CONTENT,),
    RecordType.LIST_ENTRY: (Ground.CONTENT, Ground.PERIOD, Ground.REPAIR_DECISION),
}


def _public(record_type: str):
    if record_type == RecordType.PENALTY:
        return Penalty.objects.public().select_related("entity", "authority")
    if record_type == RecordType.PERMIT:
        return Permit.objects.public().select_related("entity", "authority")
    return ListEntry.objects.current().select_related(
        "entity", "authority", "credit_list"
    )


@dataclass(frozen=True)
class RecordRef:
    """A public record an appeal is about."""

    type: str
    record: Penalty | Permit | ListEntry

    @property
    def key(self) -> str:
        return f"{self.type}:{self.record.pk}"

    @property
    def id(self) -> int:
        return self.record.pk

    @property
    def authority(self):
        return self.record.authority

    @property
    def entity(self):
        return self.record.entity

    @property
    def label(self) -> str:
        """Name the record as the public knows it: its decision or document number."""
        if self.type == RecordType.LIST_ENTRY:
            return f"{self.record.credit_list.name} {self.record.document_number}"
        return self.record.decision_number

    @property
    def type_label(self) -> str:
        return str(RecordType(self.type).label)

    @property
    def url(self) -> str:
        """Return the public page that shows the record."""
        if self.type == RecordType.LIST_ENTRY:
            return self.record.entity.get_absolute_url()
        return self.record.get_absolute_url()

    @property
    def grounds(self) -> tuple[Ground, ...]:
        return _GROUNDS[self.type]

    @property
    def repairable(self) -> bool:
        """Tell whether credit repair exists for this kind of record."""
        if self.type == RecordType.PENALTY:
            return True
        return (
            self.type == RecordType.LIST_ENTRY
            and self.record.credit_list.colour != CreditList.Colour.RED
        )

    @property
    def repair_from(self) -> datetime.date | None:
        """Return the first day repair may be applied for, when the record says."""
        if self.type == RecordType.PENALTY:
            return self.record.repair_from
        return None

    @property
    def repair_rules(self) -> str:
        if self.type == RecordType.LIST_ENTRY:
            return self.record.credit_list.repair_rules
        return ""

    def kinds(self) -> tuple[AppealKind, ...]:
        if self.repairable:
            return (AppealKind.OBJECTION, AppealKind.REPAIR)
        return (AppealKind.OBJECTION,)

    def repair_refusal(self, *, today: datetime.date | None = None) -> str | None:
        """Return why repair may not be applied for today, in plain words, or None."""
        if not self.repairable:
            return str(_("Credit repair does not apply to this kind of record."))
        start = self.repair_from
        today = today or local_today()
        if start is not None and today < start:
            return str(
                _(
                    "Repair of this penalty may be applied for from %(date)s, when "
                    "its minimum publicity period has passed. Please apply on or "
                    "after that date. If the record itself is wrong, you can object "
                    "to it now."
                )
                % {"date": start.isoformat()}
            )
        return None


def parse(reference: str) -> tuple[str, int] | None:
    """Return (type, id) from `penalty:12`, or None when it is not one."""
    type_, _sep, pk = (reference or "").strip().partition(":")
    # isdigit() alone takes ² or Arabic-Indic digits, which int() refuses.
    if type_ not in RecordType.values or not (pk.isascii() and pk.isdigit()):
        return None
    return type_, int(pk)


def find(reference: str) -> RecordRef | None:
    """Return the public record named by the reference, or None."""
    parsed = parse(reference)
    if parsed is None:
        return None
    return find_by_id(*parsed)


def find_by_id(record_type: str, record_id: int) -> RecordRef | None:
    record = _public(record_type).filter(pk=record_id).first()
    return None if record is None else RecordRef(record_type, record)
