"""Find or create counterparts by their code: USCC, registration number or ID hash."""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.models import ChangeLogEntry
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
_DERIVED = ("legal_rep_id_masked", "legal_rep_id_hash", "former_names", "updated_at")


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


def _updates(stored: Entity, given: Entity) -> dict:
    changes = {}
    for name in UPDATABLE:
        new = getattr(given, name)
        if new and new != getattr(stored, name):
            changes[name] = new
    return changes


@transaction.atomic
def resolve_entities(
    *,
    candidates: dict[tuple[str, str], Entity],
    actor=None,
    source: str = "",
    reindex: Callable[[str, list[int]], None] = schedule_reindex,
) -> tuple[dict[tuple[str, str], Entity], int, int]:
    """Return a saved entity for each key, creating or updating as the rows say.

    `candidates` are validated (full_clean) unsaved entities. A new code
    creates an entity; a known one takes the newer details (a renamed company
    keeps its old name among its former names). Returns the entities and how
    many were created and updated.
    """
    existing = find_existing(candidates)
    created = [entity for key, entity in candidates.items() if key not in existing]
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
    updated, renamed = [], []
    for key, stored in existing.items():
        values = _updates(stored, candidates[key])
        if not values:
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
                reason=_("Newer details from a published record."),
            )
        )
    if updated:
        now = timezone.now()
        for entity in updated:
            entity.updated_at = now
        Entity.objects.bulk_update(
            updated, [*UPDATABLE, *_DERIVED], batch_size=audit.BATCH_SIZE
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
    from portal.disclosures.models import Penalty, Permit

    for kind, model in (("permit", Permit), ("penalty", Penalty)):
        ids = list(
            model.objects.public()
            .filter(entity_id__in=entity_ids)
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), audit.BATCH_SIZE):
            reindex(kind, ids[start : start + audit.BATCH_SIZE])


def find_or_create_entity(*, entity: Entity, actor=None, source: str = "") -> Entity:
    """Return the stored counterpart with this entity's code, created if new."""
    key = entity_key(entity)
    resolved, _created, _updated = resolve_entities(
        candidates={key: entity}, actor=actor, source=source
    )
    return resolved[key]
