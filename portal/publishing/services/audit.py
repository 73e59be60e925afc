"""Change-log entries and the JSON form of the values they record."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.core.identifiers import mask_id_number
from portal.core.models import ChangeLogEntry
from portal.registry.models import Entity

# Full ID numbers never go into the log, which officials of other authorities
# and (for record fields) the public change history read.
_MASKED = {"id_number": "id_type", "legal_rep_id_number": "legal_rep_id_type"}
BATCH_SIZE = 1000


def jsonable(value):
    """Return a value as the log and the version snapshots store it."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Entity):
        return entity_label(value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


def entity_label(entity: Entity) -> str:
    """Name a counterpart as the public may see it: key and public name."""
    return f"{entity.public_name} ({entity.key})" if entity.key else entity.public_name


def field_value(obj: models.Model, name: str):
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, name)
    value = getattr(obj, field.attname)
    if name in _MASKED and value:
        return mask_id_number(getattr(obj, _MASKED[name]), value)
    return value


def _same(old, new) -> bool:
    if isinstance(old, list) and isinstance(new, list):
        return sorted(old) == sorted(new)
    if isinstance(old, models.Model) or isinstance(new, models.Model):
        return getattr(old, "pk", None) == getattr(new, "pk", None)
    if old in (None, "") and new in (None, ""):
        return True
    return old == new


def changes_between(old: models.Model, new: models.Model, fields) -> dict:
    """Return {field: [old, new]} for the fields whose values differ."""
    changes = {}
    for name in fields:
        before, after = field_value(old, name), field_value(new, name)
        if not _same(before, after):
            changes[name] = [jsonable(before), jsonable(after)]
    return changes


def snapshot(obj: models.Model, fields) -> dict:
    """Return every given field's value, for a version kept after a correction."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.is_relation:
            data[field.attname] = getattr(obj, field.attname)
            data[name] = jsonable(getattr(obj, name))
        else:
            data[name] = jsonable(getattr(obj, field.attname))
    return data


def entry(
    obj: models.Model,
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    changes: dict | None = None,
    reason: str = "",
    source: str = "",
    version: int | None = None,
    content_type: ContentType | None = None,
) -> ChangeLogEntry:
    """Return an unsaved change-log entry about `obj`."""
    # Ids rather than objects: an import makes one entry per row, and setting
    # a relation costs more than the rest of the entry together.
    return ChangeLogEntry(
        content_type_id=(content_type or ContentType.objects.get_for_model(obj)).pk,
        object_id=obj.pk,
        action=action,
        version=version,
        changes=changes or {},
        reason=str(reason),
        actor_id=actor.pk if actor is not None else None,
        actor_label=str(actor_label)[:150],
        source=source[:100],
    )


def write(entries: list[ChangeLogEntry]) -> None:
    """Append the entries to the change log."""
    from portal.publishing.importing import bulk

    for start in range(0, len(entries), BATCH_SIZE):
        bulk.insert(ChangeLogEntry, entries[start : start + BATCH_SIZE])
