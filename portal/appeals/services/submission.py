"""The applicant's writes: a new case, and the material asked for later."""

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.appeals import deadlines, notifications, tracking
from portal.appeals.choices import AppealKind, EventKind, EvidenceRole, Status
from portal.appeals.exceptions import AppealError
from portal.appeals.models import Appeal, AppealEvent, AppealSequence, Evidence
from portal.appeals.records import RecordRef
from portal.appeals.services.common import (
    Action,
    Upload,
    check_uploads,
    discard_files,
    evidence_rows,
    log,
    store_files,
)

# What a repair application must carry (DOMAIN.md §2), by the form's field.
REQUIRED_FOR_REPAIR = {
    EvidenceRole.FULFILMENT: "fulfilment_proof",
    EvidenceRole.COMMITMENT: "commitment_letter",
}


@dataclass(frozen=True)
class Submission:
    appeal: Appeal
    # Shown on the confirmation and emailed; the same again when the same
    # form is sent twice (None only if the site's key changed in between).
    secret: str | None
    created: bool


def _again(appeal: Appeal, token) -> "Submission":
    secret = tracking.secret_for_token(token)
    return Submission(
        appeal, secret if tracking.secret_matches(appeal, secret) else None, False
    )


def _check(
    *, reference: RecordRef, kind: str, ground: str, uploads: list[Upload], today
) -> None:
    errors = {}
    if kind not in reference.kinds():
        errors["kind"] = _("Choose what you are asking for.")
    elif kind == AppealKind.REPAIR:
        refusal = reference.repair_refusal(today=today)
        if refusal:
            errors["kind"] = refusal
        roles = {upload.role for upload in uploads}
        for role, field in REQUIRED_FOR_REPAIR.items():
            if role not in roles:
                errors[field] = _("A repair application needs this document.")
    elif ground not in reference.grounds:
        errors["ground"] = _("Say what is wrong with the record.")
    if errors:
        raise ValidationError(errors)


def find_submitted(token) -> Submission | None:
    """Return the case a form with this token already made, or None."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    existing = Appeal.objects.filter(token_hash=tracking.hash_token(token)).first()
    return None if existing is None else _again(existing, token)


def _next_number(year: int) -> str:
    """Return the year's next tracking number, e.g. 2026-000123."""
    # Created once per year; a concurrent first case finds it there.
    AppealSequence.objects.bulk_create(
        [AppealSequence(year=year)], ignore_conflicts=True
    )
    sequence = AppealSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{year}-{sequence.last:06d}"


def submit_appeal(
    *,
    reference: RecordRef,
    kind: str,
    ground: str = "",
    applicant_name: str,
    capacity: str,
    contact_email: str = "",
    contact_phone: str = "",
    statement: str,
    uploads: list[Upload],
    token: uuid.UUID | str,
    language: str,
    site_url: str,
    now: datetime.datetime | None = None,
) -> Submission:
    """Save a new case in one transaction, before anything is confirmed.

    A form submitted again with the same token finds the case it created
    (created=False) rather than creating a second one.
    """
    again = find_submitted(token)
    if again is not None:
        return again
    token_hash = tracking.hash_token(token)
    now = now or timezone.now()
    today = timezone.localdate(now)
    _check(
        reference=reference,
        kind=kind,
        ground=ground,
        uploads=uploads,
        today=today,
    )
    checked = check_uploads(uploads)
    secret = tracking.secret_for_token(token)
    stored = store_files(checked, now=now)
    try:
        appeal = _create(
            reference=reference,
            fields={
                "kind": kind,
                "ground": ground if kind == AppealKind.OBJECTION else "",
                "applicant_name": applicant_name.strip(),
                "capacity": capacity,
                "contact_email": contact_email.strip(),
                "contact_phone": contact_phone.strip(),
                "statement": statement.strip(),
                "language": language,
                "token_hash": token_hash,
                "secret_hash": tracking.hash_secret(secret),
            },
            stored=stored,
            now=now,
            site_url=site_url,
            secret=secret,
        )
    except IntegrityError:
        discard_files([name for _item, name in stored])
        existing = Appeal.objects.filter(token_hash=token_hash).first()
        if existing is None:
            raise
        return _again(existing, token)
    except BaseException:
        discard_files([name for _item, name in stored])
        raise
    return Submission(appeal, secret, created=True)


@transaction.atomic
def _create(*, reference, fields, stored, now, site_url, secret) -> Appeal:
    today = timezone.localdate(now)
    appeal = Appeal(
        **fields,
        number=_next_number(today.year),
        record_type=reference.type,
        record_id=reference.id,
        record_label=reference.label[:200],
        authority=reference.authority,
        status=Status.RECEIVED,
        received_at=now,
        received_on=today,
    )
    deadlines.start(appeal, today, deadlines.first_days(fields["kind"]))
    # The token's uniqueness is the database's to enforce: two requests with
    # the same form may race, and the second insert must fail.
    appeal.full_clean(exclude=["token_hash"], validate_constraints=False)
    appeal.save()
    event = AppealEvent.objects.create(
        appeal=appeal, kind=EventKind.SUBMITTED, at=now, status=appeal.status
    )
    Evidence.objects.bulk_create(evidence_rows(appeal, event, stored, now=now))
    log(appeal, action=Action.CREATE, old=None)
    notifications.after_commit(
        notifications.notify_applicant,
        appeal,
        EventKind.SUBMITTED,
        site_url=site_url,
        secret=secret,
    )
    notifications.after_commit(
        notifications.notify_handlers, appeal, EventKind.SUBMITTED, site_url=site_url
    )
    return appeal


def add_material(
    *,
    appeal: Appeal,
    note: str,
    uploads: list[Upload],
    site_url: str,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Add what the handlers asked for; the case's clock starts again."""
    note = (note or "").strip()
    if not note and not uploads:
        raise ValidationError(
            {"note": _("Write a note or choose at least one file to send.")}
        )
    checked = check_uploads(uploads)
    now = now or timezone.now()
    stored = store_files(checked, now=now)
    try:
        return _add(appeal, note, stored, now=now, site_url=site_url)
    except BaseException:
        discard_files([name for _item, name in stored])
        raise


@transaction.atomic
def _add(appeal, note, stored, *, now, site_url) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != Status.AWAITING_MATERIAL:
        raise AppealError(_("This case is not waiting for material from you."))
    old = appeal.status
    appeal.status = Status.ACCEPTED if appeal.accepted_on else Status.RECEIVED
    deadlines.resume(appeal, timezone.localdate(now))
    appeal.save()
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.MATERIAL_ADDED,
        at=now,
        message=note,
        status=appeal.status,
    )
    Evidence.objects.bulk_create(evidence_rows(appeal, event, stored, now=now))
    log(appeal, action=Action.UPDATE, old=old)
    notifications.after_commit(
        notifications.notify_applicant,
        appeal,
        EventKind.MATERIAL_ADDED,
        site_url=site_url,
    )
    notifications.after_commit(
        notifications.notify_handlers,
        appeal,
        EventKind.MATERIAL_ADDED,
        site_url=site_url,
    )
    return appeal
