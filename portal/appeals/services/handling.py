"""The handlers' writes: accept, ask for more material, decide.

Every function checks that the official holds the appeals handler's role at
the authority the case belongs to, and locks the case, so two handlers never
decide the same case twice.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.appeals import deadlines, notifications, records
from portal.appeals.choices import (
    OPEN_STATUSES,
    AppealKind,
    EventKind,
    Outcome,
    RecordType,
    Remedy,
    Status,
)
from portal.appeals.exceptions import AppealError
from portal.appeals.models import Appeal, AppealEvent
from portal.appeals.services.common import Action, log
from portal.creditlists.models import ListEntry
from portal.disclosures.choices import WithdrawalReason
from portal.publishing.choices import Role
from portal.publishing.exceptions import NotPermitted
from portal.publishing.models import Official
from portal.publishing.services.list_entries import remove_list_entry
from portal.publishing.services.records import correct_record, withdraw_record
from portal.registry.models import Entity

HANDLER = Role.APPEALS_HANDLER

OUTCOMES = {
    AppealKind.OBJECTION: (Outcome.UPHELD, Outcome.REJECTED),
    AppealKind.REPAIR: (Outcome.REPAIRED, Outcome.REJECTED),
}


def check_handler(official: Official, appeal: Appeal | None = None) -> None:
    """Refuse unless the official handles appeals for the case's authority."""
    if not official.user.is_active or not official.has_role(HANDLER):
        raise NotPermitted(_("Your account does not hold the role this needs."))
    if appeal is not None and appeal.authority_id != official.authority_id:
        raise NotPermitted()


def _locked(official: Official, appeal: Appeal) -> Appeal:
    check_handler(official, appeal)
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.status not in OPEN_STATUSES:
        raise AppealError(_("This case has already been decided."))
    return locked


def _step(appeal, *, kind, official, now, message="", old, site_url) -> None:
    AppealEvent.objects.create(
        appeal=appeal,
        kind=kind,
        at=now,
        message=message,
        status=appeal.status,
        actor=official.user,
    )
    log(appeal, action=Action.UPDATE, old=old, actor=official.user)
    notifications.after_commit(
        notifications.notify_applicant,
        appeal,
        kind,
        site_url=site_url,
        message=message,
    )


@transaction.atomic
def accept_appeal(
    *,
    official: Official,
    appeal: Appeal,
    message: str = "",
    site_url: str,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Take the case up: it is complete and will be examined."""
    appeal = _locked(official, appeal)
    if appeal.status != Status.RECEIVED:
        raise AppealError(_("Only a case just received can be accepted."))
    now = now or timezone.now()
    today = timezone.localdate(now)
    old = appeal.status
    appeal.status = Status.ACCEPTED
    appeal.accepted_on = today
    deadlines.accepted(appeal, today)
    appeal.save()
    _step(
        appeal,
        kind=EventKind.ACCEPTED,
        official=official,
        now=now,
        message=(message or "").strip(),
        old=old,
        site_url=site_url,
    )
    return appeal


@transaction.atomic
def request_material(
    *,
    official: Official,
    appeal: Appeal,
    message: str,
    site_url: str,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Ask the applicant for more; the clock stops until it arrives."""
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            {"message": _("Say what the applicant must send, and why.")}
        )
    appeal = _locked(official, appeal)
    if appeal.status == Status.AWAITING_MATERIAL:
        raise AppealError(_("This case is already waiting for material."))
    now = now or timezone.now()
    old = appeal.status
    deadlines.stop(appeal, timezone.localdate(now))
    appeal.status = Status.AWAITING_MATERIAL
    appeal.save()
    _step(
        appeal,
        kind=EventKind.MATERIAL_REQUESTED,
        official=official,
        now=now,
        message=message,
        old=old,
        site_url=site_url,
    )
    return appeal


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Write the reasons for the decision; the applicant reads them."
                )
            }
        )
    return reason


def _check_outcome(appeal: Appeal, outcome: str) -> None:
    if outcome not in OUTCOMES[appeal.kind]:
        raise ValidationError({"outcome": _("This outcome does not fit this case.")})


def _record_change(official, appeal, outcome, public_note) -> Remedy:
    """Carry the decision out on the record, through the publishing services."""
    if outcome == Outcome.REJECTED:
        return Remedy.NONE
    reference = records.find_by_id(appeal.record_type, appeal.record_id)
    if reference is None:
        # Withdrawn, expired or taken off the list since the case was filed.
        return Remedy.ALREADY_GONE
    repaired = outcome == Outcome.REPAIRED
    if appeal.record_type == RecordType.LIST_ENTRY:
        remove_list_entry(
            official=official,
            entry=reference.record,
            reason=(
                ListEntry.RemovalReason.REPAIRED
                if repaired
                else ListEntry.RemovalReason.OBJECTION_UPHELD
            ),
            note=public_note,
            source=appeal.number,
            role=HANDLER,
        )
        return Remedy.REMOVED
    withdraw_record(
        official=official,
        record=reference.record,
        reason=(
            WithdrawalReason.REPAIR_GRANTED
            if repaired
            else WithdrawalReason.OBJECTION_UPHELD
        ),
        note=public_note,
        source=appeal.number,
        role=HANDLER,
    )
    return Remedy.WITHDRAWN


def _close(appeal, *, official, outcome, remedy, reason, now, site_url) -> Appeal:
    today = timezone.localdate(now)
    old = appeal.status
    appeal.status = Status.DECIDED
    appeal.outcome = outcome
    appeal.remedy = remedy
    appeal.decision_reason = reason
    appeal.decided_at = now
    appeal.decided_on = today
    appeal.decided_by = official.user
    # A case decided while it waited for the applicant had its clock stopped.
    appeal.decided_in_time = appeal.due_on is None or today <= appeal.due_on
    appeal.handling_days = deadlines.handling_days(appeal.received_on, today)
    appeal.save()
    _step(
        appeal,
        kind=EventKind.DECIDED,
        official=official,
        now=now,
        message=reason,
        old=old,
        site_url=site_url,
    )
    return appeal


@transaction.atomic
def decide_appeal(
    *,
    official: Official,
    appeal: Appeal,
    outcome: str,
    reason: str,
    public_note: str = "",
    site_url: str,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Decide the case; an upheld objection or a granted repair takes the record
    out of public view (withdrawn, or off its list) with the matching reason."""
    reason = _reason(reason)
    appeal = _locked(official, appeal)
    _check_outcome(appeal, outcome)
    remedy = _record_change(official, appeal, outcome, public_note)
    return _close(
        appeal,
        official=official,
        outcome=outcome,
        remedy=remedy,
        reason=reason,
        now=now or timezone.now(),
        site_url=site_url,
    )


@transaction.atomic
def uphold_with_correction(
    *,
    official: Official,
    appeal: Appeal,
    entity: Entity,
    fields: dict,
    reason: str,
    correction_reason: str,
    site_url: str,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Uphold an objection by correcting the record (a new version) instead."""
    reason = _reason(reason)
    appeal = _locked(official, appeal)
    _check_outcome(appeal, Outcome.UPHELD)
    if appeal.record_type == RecordType.LIST_ENTRY:
        raise AppealError(_("A list entry is removed, not corrected."))
    reference = records.find_by_id(appeal.record_type, appeal.record_id)
    if reference is None:
        raise AppealError(_("The record has left public view; it cannot be corrected."))
    correct_record(
        official=official,
        record=reference.record,
        entity=entity,
        fields=fields,
        reason=correction_reason,
        source=appeal.number,
        role=HANDLER,
    )
    return _close(
        appeal,
        official=official,
        outcome=Outcome.UPHELD,
        remedy=Remedy.CORRECTED,
        reason=reason,
        now=now or timezone.now(),
        site_url=site_url,
    )
