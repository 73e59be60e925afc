"""The inspectors' directory (执法检查人员名录库) and declared conflicts."""

from django.db import transaction

from portal.inspections.exceptions import NotPermitted
from portal.inspections.models import DeclaredConflict, Inspector
from portal.inspections.services.common import Action, log
from portal.registry.models import Authority, Entity


@transaction.atomic
def add_inspector(
    *, authority: Authority, actor=None, code: str, name: str
) -> Inspector:
    """Add an inspector of the authority to the directory."""
    inspector = Inspector(authority=authority, code=(code or "").strip(), name=name)
    inspector.full_clean()
    inspector.save()
    log(inspector, action=Action.CREATE, actor=actor)
    return inspector


@transaction.atomic
def declare_conflict(
    *,
    authority: Authority,
    actor=None,
    inspector: Inspector,
    entity: Entity,
    note: str = "",
) -> DeclaredConflict:
    """Record that one of the authority's inspectors has a conflict with an entity."""
    if inspector.authority_id != authority.pk:
        raise NotPermitted()
    conflict, created = DeclaredConflict.objects.get_or_create(
        inspector=inspector, entity=entity, defaults={"note": note.strip()}
    )
    if created:
        log(
            inspector,
            action=Action.UPDATE,
            actor=actor,
            changes={"conflicts": [None, entity.key]},
        )
    return conflict
