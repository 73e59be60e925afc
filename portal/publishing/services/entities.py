"""Find or create counterparts by their code: USCC, registration number or ID hash.

A counterpart's current details (name, legal representative, codes) follow one
rule: they are those of the most recent decision about it, whichever authority
made it. A decision older than the one they come from never changes them (it
may fill in what is missing); a newer one that names the counterpart otherwise
renames it, keeps the old name among its former names and says so in the
change log. Each record keeps the name its own decision gives.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.models import ChangeLogEntry
from portal.publishing import kinds
from portal.publishing.importing import bulk
from portal.publishing.services import audit
from portal.registry.models import CounterpartCategory, Entity
from portal.search.indexing import schedule_reindex

_IN = 500
# Details a newer record may bring for a known counterpart. The category and
# the identifying code itself never change through a record.
UPDATABLE = (
    "name",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "business_registration_number",
    "organisation_code",
    "tax_registration_number",
    "institution_certificate_number",
    "social_organisation_number",
)
_DERIVED = (
    "legal_rep_id_masked",
    "legal_rep_id_hash",
    "former_names",
    "details_as_of",
    "updated_at",
)


@dataclass(frozen=True)
class Decision:
    """The decision a counterpart's details come from."""

    decided_on: datetime.date
    number: str
    authority: str

    @classmethod
    def of(cls, record) -> "Decision":
        return cls(record.decided_on, record.decision_number, record.authority.name)

    def is_current_for(self, entity: Entity) -> bool:
        """Tell whether this decision is at least as recent as the entity's details."""
        return entity.details_as_of is None or self.decided_on >= entity.details_as_of


def entity_key(entity: Entity) -> tuple[str, str]:
    """Return what identifies a counterpart (its entity must have been cleaned)."""
    if entity.category == CounterpartCategory.NATURAL_PERSON:
        return ("id", entity.id_hash)
    if entity.uscc == identifiers.USCC_PLACEHOLDER:
        return ("brn", entity.business_registration_number)
    return ("uscc", entity.uscc)


def _lookups():
    # The conditions repeat those of the partial unique indexes on the codes,
    # so that the database searches the index instead of reading every entity.
    coded = Entity.objects.filter(~Q(uscc="") & ~Q(uscc=identifiers.USCC_PLACEHOLDER))
    return {
        "id": lambda chunk: Entity.objects.filter(~Q(id_hash=""), id_hash__in=chunk),
        "brn": lambda chunk: Entity.objects.filter(
            uscc=identifiers.USCC_PLACEHOLDER, business_registration_number__in=chunk
        ),
        "uscc": lambda chunk: coded.filter(uscc__in=chunk),
    }


def _by_type(keys) -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for kind, value in sorted(set(keys)):
        by_type.setdefault(kind, []).append(value)
    return by_type


_KEY_FIELD = {"id": "id_hash", "brn": "business_registration_number", "uscc": "uscc"}


def find_existing(keys) -> dict[tuple[str, str], Entity]:
    """Return the stored entities for the given keys."""
    found: dict[tuple[str, str], Entity] = {}
    lookups = _lookups()
    for kind, values in _by_type(keys).items():
        for start in range(0, len(values), _IN):
            for entity in lookups[kind](values[start : start + _IN]).order_by("pk"):
                found.setdefault(entity_key(entity), entity)
    return found


def _ids(keys) -> dict[tuple[str, str], int]:
    """Return the primary keys of the stored entities with the given keys."""
    found: dict[tuple[str, str], int] = {}
    lookups = _lookups()
    for kind, values in _by_type(keys).items():
        for start in range(0, len(values), _IN):
            rows = (
                lookups[kind](values[start : start + _IN])
                .order_by("-pk")
                .values_list(_KEY_FIELD[kind], "pk")
            )
            found.update(((kind, value), pk) for value, pk in rows)
    return found


def _updates(stored: Entity, given: Entity, *, current: bool) -> dict:
    """Return the details `given` changes: any if its decision is the most
    recent (`current`), otherwise only those the entity lacks."""
    changes = {}
    for name in UPDATABLE:
        new, old = getattr(given, name), getattr(stored, name)
        if new and new != old and (current or not old):
            changes[name] = new
    return changes


def _reason(decision: Decision | None) -> str:
    if decision is None:
        return str(_("Details the entity lacked, from a record."))
    return str(
        _(
            "As named in decision %(number)s of %(authority)s, decided on "
            "%(date)s: the most recent decision about this counterpart."
        )
        % {
            "number": decision.number,
            "authority": decision.authority,
            "date": decision.decided_on.isoformat(),
        }
    )


@transaction.atomic
def resolve_entities(
    *,
    candidates: dict[tuple[str, str], Entity],
    decisions: dict[tuple[str, str], Decision] | None = None,
    actor=None,
    source: str = "",
    reindex: Callable[[str, list[int]], None] = schedule_reindex,
) -> tuple[dict[tuple[str, str], Entity], int, int]:
    """Return a saved entity for each key, creating or updating by the rule.

    `candidates` are validated (full_clean) unsaved entities, each as the
    decision in `decisions` under its key names it (no decision: a draft,
    which only fills in what a known entity lacks). A new code creates an
    entity; a known one follows the module's rule. Returns the entities and
    how many were created and updated.
    """
    decisions = decisions or {}
    existing = find_existing(candidates)
    created = [entity for key, entity in candidates.items() if key not in existing]
    for entity in created:
        decision = decisions.get(entity_key(entity))
        entity.details_as_of = decision.decided_on if decision else None
    bulk.insert(Entity, created)
    ids = _ids([entity_key(entity) for entity in created])
    for entity in created:
        entity.pk = ids[entity_key(entity)]
    entries = [
        audit.entry(
            entity,
            action=ChangeLogEntry.Action.CREATE,
            actor=actor,
            source=source,
        )
        for entity in created
    ]
    updated, renamed, confirmed = [], [], []
    for key, stored in existing.items():
        decision = decisions.get(key)
        current = decision is not None and decision.is_current_for(stored)
        values = _updates(stored, candidates[key], current=current)
        newer_date = current and stored.details_as_of != decision.decided_on
        if current:
            stored.details_as_of = decision.decided_on
        if not values:
            if newer_date:
                confirmed.append(stored)
            continue
        before = Entity(
            **{f.attname: getattr(stored, f.attname) for f in Entity._meta.fields}
        )
        if "name" in values:
            renamed.append(stored.pk)
            if stored.name not in stored.former_names:
                stored.former_names = [*stored.former_names, stored.name]
        for name, value in values.items():
            setattr(stored, name, value)
        stored.derive_identity_fields()
        updated.append(stored)
        entries.append(
            audit.entry(
                stored,
                action=ChangeLogEntry.Action.UPDATE,
                actor=actor,
                source=source,
                changes=audit.changes_between(before, stored, values),
                reason=_reason(decision if current else None),
            )
        )
    if updated:
        now = timezone.now()
        for entity in updated:
            entity.updated_at = now
        Entity.objects.bulk_update(
            updated, [*UPDATABLE, *_DERIVED], batch_size=audit.BATCH_SIZE
        )
    # A newer decision with the same details moves only their date: nothing
    # shown changes, so neither updated_at nor the search index is touched.
    Entity.objects.bulk_update(
        confirmed, ["details_as_of"], batch_size=audit.BATCH_SIZE
    )
    audit.write(entries)
    touched = [entity.pk for entity in created + updated]
    for start in range(0, len(touched), audit.BATCH_SIZE):
        reindex("entity", touched[start : start + audit.BATCH_SIZE])
    if renamed:
        _reindex_records_of(renamed, reindex)
    resolved = {**existing, **{entity_key(e): e for e in created}}
    return resolved, len(created), len(updated)


def _reindex_records_of(entity_ids: list[int], reindex) -> None:
    """Reindex the public records that quote a renamed counterpart's name."""
    for kind, model in kinds.MODELS.items():
        ids = list(
            model.objects.public()
            .filter(entity_id__in=entity_ids)
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), audit.BATCH_SIZE):
            reindex(kind, ids[start : start + audit.BATCH_SIZE])


def find_or_create_entity(
    *,
    entity: Entity,
    decision: Decision | None = None,
    actor=None,
    source: str = "",
) -> Entity:
    """Return the stored counterpart with this entity's code, created if new.

    With the `decision` that names it so, the module's rule applies; without
    (a draft), a known counterpart only gains the details it lacks.
    """
    key = entity_key(entity)
    resolved, _created, _updated = resolve_entities(
        candidates={key: entity},
        decisions={key: decision} if decision else None,
        actor=actor,
        source=source,
    )
    return resolved[key]


def apply_decided_details(*, record, actor=None, source: str = "") -> Entity:
    """Bring a published record's counterpart details to its entity, by the rule."""
    given = Entity(
        **{f.attname: getattr(record.entity, f.attname) for f in Entity._meta.fields}
    )
    for record_field, entity_field in kinds.COUNTERPART_AS_DECIDED.items():
        setattr(given, entity_field, getattr(record, record_field))
    return find_or_create_entity(
        entity=given, decision=Decision.of(record), actor=actor, source=source
    )
