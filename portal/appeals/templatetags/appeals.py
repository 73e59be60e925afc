"""Template helpers: the public "under appeal" marker, links to the form, the
officials' dashboard counts, and dates in words."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.translation import pgettext

from portal.appeals import selectors
from portal.appeals.choices import RecordType
from portal.creditlists.models import ListEntry
from portal.disclosures.models import Penalty

register = template.Library()


def _type_of(record) -> str:
    if isinstance(record, ListEntry):
        return RecordType.LIST_ENTRY
    return RecordType.PENALTY if isinstance(record, Penalty) else RecordType.PERMIT


@register.simple_tag
def appeal_url(record, kind: str = "") -> str:
    """Return the address of the form for this record (optionally a kind)."""
    query = {"record": f"{_type_of(record)}:{record.pk}"}
    if kind:
        query["kind"] = kind
    return f"{reverse('appeals:new')}?{urlencode(query, safe=':')}"


@register.simple_tag
def under_appeal(record) -> bool:
    """Tell whether a case about the record is open (no applicant data)."""
    return selectors.is_under_appeal(_type_of(record), record.pk)


@register.simple_tag
def open_appeals(*, penalties=(), permits=(), entries=()) -> set[str]:
    """Return `type:id` of the records shown that are under appeal (one query)."""
    return selectors.open_record_keys(
        penalties=penalties, permits=permits, entries=entries
    )


@register.filter
def record_key(record) -> str:
    return f"{_type_of(record)}:{record.pk}"


@register.simple_tag
def appeal_counts(official):
    return selectors.counts(official)


@register.filter
def long_date(day) -> str:
    """Return a date in words with its weekday: 15 May 2026, Friday."""
    if not day:
        return ""
    # Translators: a PHP-style date format (Django's date filter).
    return format_date(day, pgettext("long date", "l j F Y"))
