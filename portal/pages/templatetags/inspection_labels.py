"""How the pages name an inspection result's category.

The Chinese name is the one the enterprise credit system shows, so it is
kept as data (portal/inspections/reference.py) rather than in the catalogue;
English pages show its English name.
"""

from django import template
from django.utils import translation

from portal.inspections import reference

register = template.Library()


@register.filter
def result_category(code: str) -> str:
    """Return a result category's name in the page's language."""
    category = reference.BY_CODE.get(code)
    if category is None:
        return code
    if (translation.get_language() or "").startswith("zh"):
        return category.name
    return category.name_en


@register.filter
def result_finding(code: str) -> bool:
    """Tell whether a result category reports a problem found."""
    category = reference.BY_CODE.get(code)
    return bool(category and category.finding)
