"""A result through its life: recorded, published, corrected, withdrawn.

A joint plan's lead and partners each record the results of their own items.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.inspections.choices import (
    PUBLIC_RESULT_STATES,
    PlanState,
    ResultState,
    ResultWithdrawalReason,
)
from portal.inspections.exceptions import InspectionError, NotPermitted
from portal.inspections.models import (
    DrawnEntity,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    ResultVersion,
)
from portal.inspections.services.common import Action, log
from portal.inspections.signals import results_changed
from portal.registry.models import Authority

CONTENT_FIELDS = ("category", "details", "decided_on")


def _require_item_owner(authority, item) -> None:
    if item.authority_id != authority.pk:
        raise NotPermitted(
            _("Only the authority responsible for this item records its results.")
        )


def _locked(result) -> InspectionResult:
    # A caller's copy may be stale; the state checks read the row as it is.
    return (
        InspectionResult.objects.select_for_update()
        .select_related("item", "drawn__plan")
        .get(pk=result.pk)
    )


def _snapshot(result) -> dict:
    return {
        "category": result.category,
        "details": result.details,
        "decided_on": result.decided_on.isoformat() if result.decided_on else None,
        "state": result.state,
        "published_at": (
            result.published_at.isoformat() if result.published_at else None
        ),
    }


def _validated(result) -> InspectionResult:
    result.full_clean(exclude=["drawn", "item", "authority"])
    drawn_on = timezone.localdate(result.drawn.plan.drawn_at)
    if result.decided_on < drawn_on:
        raise ValidationError(
            {"decided_on": _("The inspection date cannot be before the draw.")}
        )
    return result


@transaction.atomic
def record_result(
    *,
    authority: Authority,
    actor=None,
    drawn: DrawnEntity,
    item: InspectionItem,
    category: str,
    decided_on: datetime.date,
    details: str = "",
) -> InspectionResult:
    """Save a draft result for a drawn entity and one of the plan's items."""
    _require_item_owner(authority, item)
    if item.plan_id != drawn.plan_id:
        raise ValidationError({"item": _("This item belongs to another plan.")})
    if InspectionPlan.objects.get(pk=drawn.plan_id).state != PlanState.DRAWN:
        raise InspectionError(_("Results are recorded for a drawn, open plan."))
    if InspectionResult.objects.filter(drawn=drawn, item=item).exists():
        raise InspectionError(
            _("This entity already has a result for this item; correct it instead.")
        )
    result = InspectionResult(
        drawn=drawn,
        item=item,
        authority=authority,
        category=category,
        decided_on=decided_on,
        details=(details or "").strip(),
    )
    _validated(result).save()
    log(result, action=Action.CREATE, actor=actor, version=1)
    return result


@transaction.atomic
def publish_result(
    *,
    authority: Authority,
    actor=None,
    result: InspectionResult,
    at: datetime.datetime | None = None,
) -> InspectionResult:
    """Put a draft result online now (or `at`); late when past its deadline."""
    result = _locked(result)
    _require_item_owner(authority, result.item)
    if result.state != ResultState.DRAFT:
        raise InspectionError(_("This result is already published."))
    result.state = ResultState.PUBLISHED
    result.published_at = at or timezone.now()
    _validated(result).save()
    log(
        result,
        action=Action.PUBLISH,
        actor=actor,
        version=result.version,
        changes={"state": [ResultState.DRAFT, ResultState.PUBLISHED]},
    )
    results_changed.send(sender=InspectionResult, ids=[result.pk])
    return result


@transaction.atomic
def correct_result(
    *,
    authority: Authority,
    actor=None,
    result: InspectionResult,
    fields: dict,
    reason: str,
) -> InspectionResult:
    """Replace a published result by a new version, saying why."""
    result = _locked(result)
    _require_item_owner(authority, result.item)
    if result.state not in PUBLIC_RESULT_STATES:
        raise InspectionError(_("Only a published result can be corrected."))
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why the result is corrected; the public sees it.")}
        )
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise InspectionError(
            _("Not a result field: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    before = _snapshot(result)
    for name, value in fields.items():
        setattr(result, name, value)
    _validated(result)
    after = _snapshot(result)
    changes = {
        name: [before[name], after[name]]
        for name in CONTENT_FIELDS
        if before[name] != after[name]
    }
    if not changes:
        raise ValidationError(_("Nothing was changed, so there is nothing to correct."))
    ResultVersion.objects.create(result=result, version=result.version, data=before)
    result.version += 1
    result.state = ResultState.CORRECTED
    result.save()
    log(
        result,
        action=Action.CORRECT,
        actor=actor,
        version=result.version,
        changes=changes,
        reason=reason.strip(),
    )
    results_changed.send(sender=InspectionResult, ids=[result.pk])
    return result


@transaction.atomic
def withdraw_result(
    *,
    authority: Authority,
    actor=None,
    result: InspectionResult,
    reason: str,
    note: str = "",
    at: datetime.datetime | None = None,
) -> InspectionResult:
    """Take a published result out of public view, with the reason the public sees."""
    result = _locked(result)
    _require_item_owner(authority, result.item)
    if result.state not in PUBLIC_RESULT_STATES:
        raise InspectionError(_("Only a published result can be withdrawn."))
    if reason not in ResultWithdrawalReason.values:
        raise ValidationError({"withdrawal_reason": _("Choose why it is withdrawn.")})
    result.state = ResultState.WITHDRAWN
    result.withdrawn_at = at or timezone.now()
    result.withdrawal_reason = reason
    result.withdrawal_note = (note or "").strip()
    _validated(result).save()
    log(
        result,
        action=Action.WITHDRAW,
        actor=actor,
        version=result.version,
        changes={"withdrawal_reason": [None, reason]},
        reason=result.withdrawal_note,
    )
    results_changed.send(sender=InspectionResult, ids=[result.pk])
    return result
