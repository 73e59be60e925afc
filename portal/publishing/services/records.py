"""A single permit or penalty through its life: draft, publish, correct, withdraw."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import PUBLIC_STATES, RecordState, WithdrawalReason
from portal.publishing import kinds
from portal.publishing.choices import Role
from portal.publishing.exceptions import NotPermitted, PublishingError
from portal.publishing.models import Official, RecordVersion
from portal.publishing.services import audit
from portal.publishing.services.entities import (
    Decision,
    apply_decided_details,
    find_or_create_entity,
)
from portal.registry.models import Entity
from portal.search.indexing import schedule_reindex

Action = ChangeLogEntry.Action


def check_scope(official: Official, record=None, *, role: str = Role.PUBLISHER):
    """Refuse unless the official holds the role and the record is theirs."""
    if not official.user.is_active or not official.has_role(role):
        raise NotPermitted(_("Your account does not hold the role this needs."))
    if record is not None and record.authority_id != official.authority_id:
        raise NotPermitted()


class RecordInvalid(ValidationError):
    """A record's or its counterpart's fields are invalid (both are reported)."""

    def __init__(self, *, counterpart=None, record=None):
        self.counterpart, self.record = counterpart, record
        messages = {}
        for prefix, error in (("counterpart.", counterpart), ("", record)):
            if error is not None:
                for name, errors in _as_dict(error).items():
                    messages[prefix + name] = errors
        super().__init__(messages)


def _as_dict(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return error.error_dict
    return {NON_FIELD_ERRORS: error.error_list}


def _validate_both(entity: Entity, record) -> None:
    """Validate the counterpart (looked up by code later) and the record."""
    problems = {}
    try:
        entity.full_clean(
            exclude=["region"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        problems["counterpart"] = error
    kinds.copy_counterpart(record, entity)
    try:
        # The copied counterpart details are checked on the counterpart.
        record.full_clean(exclude=["entity", *kinds.COUNTERPART_AS_DECIDED])
    except ValidationError as error:
        problems["record"] = error
    if problems:
        raise RecordInvalid(**problems)


def _apply(record, fields: dict) -> None:
    allowed = set(kinds.content_fields(kinds.kind_of(record))) | {"decision_number"}
    unknown = set(fields) - allowed
    if unknown:
        raise PublishingError(f"Not a record field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(record, name, value)


def _validated(record):
    # Uniqueness (authority, decision number) is checked by full_clean too.
    record.full_clean()
    return record


def _reindex(record) -> None:
    schedule_reindex(kinds.kind_of(record), [record.pk])


@transaction.atomic
def create_draft(*, official: Official, kind: str, entity: Entity, fields: dict):
    """Save a new record as a draft of the official's authority."""
    check_scope(official)
    record = kinds.model_for(kind)(
        authority=official.authority, state=RecordState.DRAFT
    )
    _apply(record, fields)
    _validate_both(entity, record)
    record.entity = find_or_create_entity(entity=entity, actor=official.user)
    _validated(record).save()
    audit.write(
        [audit.entry(record, action=Action.CREATE, actor=official.user, version=1)]
    )
    return record


def _copy(record):
    model = type(record)
    return model(**{f.attname: getattr(record, f.attname) for f in model._meta.fields})


@transaction.atomic
def update_draft(*, official: Official, record, entity: Entity, fields: dict):
    """Change a draft, which the public has not seen; no reason needed."""
    check_scope(official, record)
    if record.state != RecordState.DRAFT:
        raise PublishingError(
            _("A published record is changed by a correction, with its reason.")
        )
    before = _copy(record)
    _apply(record, fields)
    _validate_both(entity, record)
    record.entity = find_or_create_entity(entity=entity, actor=official.user)
    _validated(record).save()
    changes = audit.changes_between(
        before, record, kinds.content_fields(kinds.kind_of(record))
    )
    if changes:
        audit.write(
            [
                audit.entry(
                    record,
                    action=Action.UPDATE,
                    actor=official.user,
                    changes=changes,
                    version=record.version,
                )
            ]
        )
    return record


@transaction.atomic
def publish_record(*, official: Official, record):
    """Put a draft online now."""
    check_scope(official, record)
    if record.state != RecordState.DRAFT:
        raise PublishingError(_("This record is already published."))
    record.state = RecordState.PUBLISHED
    record.published_at = timezone.now()
    _validated(record).save()
    apply_decided_details(record=record, actor=official.user)
    audit.write(
        [
            audit.entry(
                record,
                action=Action.PUBLISH,
                actor=official.user,
                version=record.version,
                changes={"state": [RecordState.DRAFT, RecordState.PUBLISHED]},
            )
        ]
    )
    _reindex(record)
    return record


def keep_version(record) -> RecordVersion:
    """Return (unsaved) the record's current values, kept before a correction."""
    kind = kinds.kind_of(record)
    fields = ["decision_number", *kinds.content_fields(kind), "state", "published_at"]
    return RecordVersion(
        kind=kind,
        record_id=record.pk,
        version=record.version,
        data=audit.snapshot(record, fields),
    )


@transaction.atomic
def correct_record(
    *,
    official: Official,
    record,
    entity: Entity,
    fields: dict,
    reason: str,
    source: str = "",
    role: str = Role.PUBLISHER,
):
    """Replace a published record's content by a new version, saying why.

    `role` is the one the change is made under: an appeals handler carries
    out an upheld objection (portal.appeals) without being a publisher.
    """
    check_scope(official, record, role=role)
    if record.state not in PUBLIC_STATES:
        raise PublishingError(_("Only a published record can be corrected."))
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why the record is corrected; the public sees it.")}
        )
    before = _copy(record)
    _apply(record, fields)
    _validate_both(entity, record)
    record.entity = find_or_create_entity(
        entity=entity, decision=Decision.of(record), actor=official.user, source=source
    )
    changes = audit.changes_between(
        before,
        record,
        ["decision_number", *kinds.content_fields(kinds.kind_of(record))],
    )
    if not changes:
        raise ValidationError(_("Nothing was changed, so there is nothing to correct."))
    version = keep_version(before)
    record.version += 1
    record.state = RecordState.CORRECTED
    _validated(record).save()
    version.save()
    audit.write(
        [
            audit.entry(
                record,
                action=Action.CORRECT,
                actor=official.user,
                version=record.version,
                changes=changes,
                reason=reason.strip(),
                source=source,
            )
        ]
    )
    _reindex(record)
    return record


@transaction.atomic
def withdraw_record(
    *,
    official: Official,
    record,
    reason: str,
    note: str = "",
    source: str = "",
    role: str = Role.PUBLISHER,
):
    """Take a published record out of public view, with the reason the public sees.

    `role` as for `correct_record`: an appeal decision withdraws under the
    appeals handler's role.
    """
    check_scope(official, record, role=role)
    if record.state not in PUBLIC_STATES:
        raise PublishingError(_("Only a published record can be withdrawn."))
    if reason not in WithdrawalReason.values:
        raise ValidationError({"withdrawal_reason": _("Choose why it is withdrawn.")})
    record.state = RecordState.WITHDRAWN
    record.withdrawn_at = timezone.now()
    record.withdrawal_reason = reason
    record.withdrawal_note = (note or "").strip()
    _validated(record).save()
    audit.write(
        [
            audit.entry(
                record,
                action=Action.WITHDRAW,
                actor=official.user,
                version=record.version,
                changes={"withdrawal_reason": [None, reason]},
                # The reason's label is shown from the code, in each reader's
                # language; the note is the official's own words.
                reason=record.withdrawal_note,
                source=source,
            )
        ]
    )
    _reindex(record)
    return record
