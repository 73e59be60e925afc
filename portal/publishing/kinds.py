"""Permits and penalties as the officials' area handles them, side by side."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.disclosures.models import Penalty, Permit
from portal.publishing.choices import RecordKind

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
