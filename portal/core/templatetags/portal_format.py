"""Template filters for how the portal writes numbers."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def trim_decimal(value):
    """Write a stored Decimal(18,6) without its trailing zeros: 1.500000 → 1.5."""
    if not isinstance(value, Decimal):
        return value
    text = format(value.normalize(), "f")
    return text
