"""Template helpers of the officials' area."""

from django import template

from portal.disclosures.choices import RecordKind
from portal.publishing import kinds

register = template.Library()


@register.filter
def kind_of(record) -> str:
    """Return "permit" or "penalty" for a record."""
    return kinds.kind_of(record)


@register.filter
def kind_label(record) -> str:
    return RecordKind(kinds.kind_of(record)).label
