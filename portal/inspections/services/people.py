"""The inspectors' directory (执法检查人员名录库) and declared conflicts."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.inspections.exceptions import InspectionError, NotPermitted
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


def _set_active(*, authority, actor, inspector, active: bool) -> Inspector:
    # Read afresh and locked: two officials may press the button at once.
    inspector = Inspector.objects.select_for_update().get(pk=inspector.pk)
    if inspector.authority_id != authority.pk:
        raise NotPermitted()
    if inspector.active == active:
        raise InspectionError(
            _("This inspector is already active.")
            if active
            else _("This inspector is already inactive.")
        )
    inspector.active = active
    inspector.save(update_fields=["active"])
    log(
        inspector,
        action=Action.UPDATE,
        actor=actor,
        changes={"active": [not active, active]},
    )
    return inspector


@transaction.atomic
def deactivate_inspector(
    *, authority: Authority, actor=None, inspector: Inspector
) -> Inspector:
    """Leave one of the authority's inspectors out of the pools frozen from now on.

    Pools already frozen and teams already drawn keep the inspector: they
    are published and must re-run to the same draw.
    """
    return _set_active(
        authority=authority, actor=actor, inspector=inspector, active=False
    )


@transaction.atomic
def reactivate_inspector(
    *, authority: Authority, actor=None, inspector: Inspector
) -> Inspector:
    """Put a deactivated inspector of the authority back into future pools."""
    return _set_active(
        authority=authority, actor=actor, inspector=inspector, active=True
    )
