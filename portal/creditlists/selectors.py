"""Reads of the lists shared by several surfaces: the batch credit check."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from portal.core import identifiers
from portal.core.dates import local_today
from portal.core.identifiers import IdType
from portal.creditlists.models import ListEntry, Measure
from portal.registry.models import Entity

MAX_CODES = 1000
SUBJECT = "subject"
REPRESENTATIVE = "legal_representative"


@dataclass(frozen=True)
class Membership:
    entry: ListEntry
    entity: Entity
    role: str  # SUBJECT, or REPRESENTATIVE of the listed entity
    measures: tuple[Measure, ...]


@dataclass
class CheckedCode:
    """What one submitted code is and which lists it is on today."""

    index: int
    code: str  # as it may be shown: the USCC, or the masked ID number
    kind: str = ""  # "uscc" or "resident_id"; "" when invalid
    error: str = ""
    entities: list[tuple[Entity, str]] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.error


def _classify(index: int, raw) -> tuple[CheckedCode, str]:
    """Return the checked code and its lookup key (USCC or keyed hash)."""
    if not isinstance(raw, str) or not raw.strip():
        return CheckedCode(index, "", error=_("Give a code as text.")), ""
    code = identifiers.compact(raw)
    if identifiers.looks_like_resident_id(code):
        shown = identifiers.mask_id_number(IdType.RESIDENT_ID, code)
        digest = identifiers.identity_hash(IdType.RESIDENT_ID, code)
        return CheckedCode(index, shown, kind="resident_id"), digest
    try:
        uscc = identifiers.validate_uscc(code)
    except ValidationError as uscc_error:
        # The ID number's error only for what could be one (a real province, a
        # plausible birth date): any other all-digit code is a mistyped USCC.
        if identifiers.plausible_resident_id(code):
            # Never echo an ID number in full, even a mistyped one.
            shown = identifiers.mask_id_number(IdType.RESIDENT_ID, code)
            try:
                identifiers.validate_resident_id(code)
            except ValidationError as id_error:
                return CheckedCode(index, shown, error=id_error.messages[0]), ""
        message = _(
            "Neither a unified social credit code nor a resident ID number: %(why)s"
        ) % {"why": uscc_error.messages[0]}
        return CheckedCode(index, code[:30], error=message), ""
    return CheckedCode(index, uscc, kind="uscc"), uscc


def credit_check(*, codes: Sequence, today=None) -> list[CheckedCode]:
    """Return, for each code in order, its entities, list memberships and measures.

    A USCC finds the organisation; a resident ID number (matched through its
    keyed hash) finds the person and the entities they legally represent, on
    whose lists only the measures binding representatives apply to them.
    """
    if len(codes) > MAX_CODES:
        raise ValueError(f"At most {MAX_CODES} codes per check.")
    today = today or local_today()
    results, keys = [], []
    for index, raw in enumerate(codes):
        checked, key = _classify(index, raw)
        results.append(checked)
        keys.append(key)
    usccs = {
        key
        for checked, key in zip(results, keys, strict=True)
        if checked.kind == "uscc"
    }
    hashes = {
        key
        for checked, key in zip(results, keys, strict=True)
        if checked.kind == "resident_id"
    }
    matches: dict[str, list[tuple[Entity, str]]] = defaultdict(list)
    if usccs or hashes:
        found = Entity.objects.filter(
            Q(uscc__in=usccs) | Q(id_hash__in=hashes) | Q(legal_rep_id_hash__in=hashes)
        ).only("key", "name", "category", "uscc", "id_hash", "legal_rep_id_hash")
        for entity in found:
            if entity.uscc in usccs:
                matches[entity.uscc].append((entity, SUBJECT))
            if entity.id_hash in hashes:
                matches[entity.id_hash].append((entity, SUBJECT))
            if entity.legal_rep_id_hash in hashes:
                matches[entity.legal_rep_id_hash].append((entity, REPRESENTATIVE))
    entity_ids = {entity.pk for pairs in matches.values() for entity, _role in pairs}
    entries = defaultdict(list)
    current = (
        ListEntry.objects.current(today=today)
        .filter(entity_id__in=entity_ids)
        .select_related("credit_list", "authority")
        .prefetch_related(
            Prefetch(
                "credit_list__measures",
                queryset=Measure.objects.order_by("order", "pk"),
            )
        )
        .order_by("-listed_on", "-pk")
    )
    for entry in current:
        entries[entry.entity_id].append(entry)
    for checked, key in zip(results, keys, strict=True):
        if not key:
            continue
        checked.entities = matches.get(key, [])
        for entity, role in checked.entities:
            for entry in entries[entity.pk]:
                measures = tuple(
                    measure
                    for measure in entry.credit_list.measures.all()
                    if role == SUBJECT or measure.applies_to_representatives
                )
                checked.memberships.append(Membership(entry, entity, role, measures))
    return results
