"""Permits and penalties as the officials' area handles them, side by side."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.disclosures.choices import RecordKind
from portal.disclosures.models import Penalty, Permit

MODELS: dict[str, type[models.Model]] = {
    RecordKind.PERMIT: Permit,
    RecordKind.PENALTY: Penalty,
}

# What a record is apart from its content: identity, lifecycle, bookkeeping.
_NOT_CONTENT = frozenset(
    {
        "id",
        "authority",
        "decision_number",
        "state",
        "version",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "withdrawal_note",
    }
)


# A record's copy of its counterpart's details, as the decision gives them:
# written from the counterpart's columns or form, never typed separately.
COUNTERPART_AS_DECIDED = {
    "counterpart_name": "name",
    "legal_representative": "legal_representative",
}


def model_for(kind: str) -> type[models.Model]:
    return MODELS[kind]


def kind_of(record) -> str:
    return RecordKind.PERMIT if isinstance(record, Permit) else RecordKind.PENALTY


def content_fields(kind: str) -> list[str]:
    """Return the fields a correction may change (editable, not lifecycle)."""
    return [
        field.name
        for field in MODELS[kind]._meta.concrete_fields
        if field.editable and field.name not in _NOT_CONTENT
    ]


def content_type(kind: str) -> ContentType:
    return ContentType.objects.get_for_model(MODELS[kind])


def copy_counterpart(record, entity) -> None:
    """Give the record its counterpart's details as this decision names them."""
    for record_field, entity_field in COUNTERPART_AS_DECIDED.items():
        setattr(record, record_field, getattr(entity, entity_field))
