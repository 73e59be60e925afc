"""Scoping and change-log entries shared by the inspection services."""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from portal.core.models import ChangeLogEntry
from portal.inspections.choices import PlanState
from portal.inspections.exceptions import InspectionError, NotPermitted

Action = ChangeLogEntry.Action


def locked(plan):
    """Return the plan read afresh and locked: a caller's copy may be stale."""
    from portal.inspections.models import InspectionPlan

    return InspectionPlan.objects.select_for_update().get(pk=plan.pk)


def require_lead(plan, authority) -> None:
    """Refuse unless the authority leads the plan."""
    if not plan.is_led_by(authority):
        raise NotPermitted(_("Only the plan's lead authority may do this."))


def require_state(plan, state: str, message) -> None:
    if plan.state != state:
        raise InspectionError(message)


def require_draft(plan) -> None:
    require_state(
        plan,
        PlanState.DRAFT,
        _("The plan is committed: its pools and sizes can no longer change."),
    )


def log(obj, *, action, actor=None, changes=None, reason="", version=None) -> None:
    """Append an entry about `obj` to the change log."""
    ChangeLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        actor=actor,
        changes=changes or {},
        reason=str(reason),
        version=version,
    )
