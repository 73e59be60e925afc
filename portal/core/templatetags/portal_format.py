"""Template filters for how the portal writes numbers."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def trim_decimal(value):
    """Write a stored Decimal(18,6) without its trailing zeros: 1.500000 → 1.5."""
    if not isinstance(value, Decimal):
        return value
    text = format(value.normalize(), "f")
    return text


@register.filter
def wan_yuan(value):
    """Write an amount in 万元 with thousands separators: 1234.500000 → 1,234.5.

    Chinese and English readers both group thousands with commas, so the
    grouping is fixed rather than left to the locale (which gives Chinese
    pages none).
    """
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).normalize()
    except (InvalidOperation, TypeError, ValueError):
        return value
    if amount == amount.to_integral():
        amount = amount.quantize(Decimal(1))
    return format(amount, ",f")


@register.filter
def wan_yuan_unit(value):
    """Write an amount in 万元 with its unit, in the page's language: 360 万元."""
    text = wan_yuan(value)
    if text == "":
        return ""
    return gettext("%(amount)s × 10,000 yuan") % {"amount": text}
