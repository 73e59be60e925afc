"""What a page of hits says beyond the index: whose, by whom, when, how much.

Read from the records themselves, for the shown page only: one query per kind
on the page, whatever the number of hits. Of a record no longer public (the
index can be a step behind), only that fact is shown, as on its own page.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import classproperty
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from portal.creditlists.models import ListEntry
from portal.disclosures.choices import PenaltyCategory, PermitStatus
from portal.disclosures.models import Penalty, Permit
from portal.inspections import reference as inspection_reference
from portal.inspections.choices import PUBLIC_RESULT_STATES
from portal.inspections.models import InspectionResult
from portal.registry.models import CounterpartCategory, Entity
from portal.search.results import Hit

# The label of each kind's categories: the facet groups use them too.
CATEGORY_TITLES = {
    "penalty": _("Penalty category"),
    "permit": _("Permit category"),
    "entity": _("Counterpart category"),
    "listentry": _("List type"),
    "inspection": _("Result"),
}


@dataclass(frozen=True)
class Details:
    entity_name: str = ""
    entity_url: str = ""
    authority: str = ""
    date_label: str = ""
    date: datetime.date | None = None
    category_title: str = ""
    categories: str = ""
    fine: Decimal | None = None  # in 10,000 yuan, as stored
    region: str = ""
    plan: str = ""  # an inspection result's plan: its number and title
    state: str = ""
    removed: bool = False  # no longer public: nothing but the state is shown


def _english() -> bool:
    return get_language() == "en"


def _region_name(region) -> str:
    if region is None:
        return ""
    return region.name_en if _english() and region.name_en else region.name


def _joined(labels) -> str:
    return pgettext("between the items of a short list", ", ").join(map(str, labels))


def _dated(message: str, day: datetime.date | None) -> str:
    """Return the message as HTML, its %(date)s a <time>, which never wraps."""
    iso = day.isoformat() if day else ""
    time = format_html('<time datetime="{0}">{0}</time>', iso)
    return mark_safe(escape(message) % {"date": time})


def _removed(record) -> Details | None:
    removal = record.removal()
    if removal is None:
        return None
    if removal.withdrawn:
        state = gettext("Withdrawn")
    else:
        state = _dated(gettext("Publicity ended on %(date)s"), removal.on)
    return Details(state=state, removed=True)


def _record(record, kind: str, categories: str, state: str, **extra) -> Details:
    return Details(
        entity_name=record.entity.public_name,
        entity_url=record.entity.get_absolute_url(),
        authority=record.authority.name,
        date_label=gettext("Decision date"),
        date=record.decided_on,
        category_title=str(CATEGORY_TITLES[kind]),
        categories=categories,
        state=state,
        **extra,
    )


_RECORD_FIELDS = (
    "decided_on",
    "entity",
    "entity__name",
    "entity__category",
    "entity__key",
    "authority",
    "authority__name",
)


def _penalties(ids) -> dict[int, Details]:
    fields = (*_RECORD_FIELDS, *Penalty.removal_fields(), "categories", "fine_amount")
    found = {}
    for penalty in (
        Penalty.objects.filter(pk__in=ids)
        .select_related("entity", "authority")
        .only(*fields)
    ):
        found[penalty.pk] = _removed(penalty) or _record(
            penalty,
            "penalty",
            _joined(PenaltyCategory(value).label for value in penalty.categories),
            _dated(gettext("In publicity until %(date)s"), penalty.public_until),
            fine=penalty.fine_amount,
        )
    return found


def _permit_state(permit: Permit) -> str:
    if permit.permit_status != PermitStatus.VALID:
        return str(permit.get_permit_status_display())
    if permit.valid_until is None:
        return gettext("Valid indefinitely")
    return _dated(gettext("Valid until %(date)s"), permit.valid_until)


def _permits(ids) -> dict[int, Details]:
    fields = (
        *_RECORD_FIELDS,
        *Permit.removal_fields(),
        "category",
        "permit_status",
        "valid_until",
    )
    found = {}
    for permit in (
        Permit.objects.filter(pk__in=ids)
        .select_related("entity", "authority")
        .only(*fields)
    ):
        found[permit.pk] = _removed(permit) or _record(
            permit,
            "permit",
            str(permit.get_category_display()),
            _permit_state(permit),
        )
    return found


def _entry_state(entry: ListEntry) -> tuple[str, bool]:
    """Return what the entry's state is in words, and whether it left the list."""
    if entry.removed_on:
        return _dated(
            gettext("Removed from the list on %(date)s"), entry.removed_on
        ), True
    if not entry.is_current:
        return gettext("No longer on the list"), True
    if entry.expires_on is None:
        return gettext("On the list until it is lifted"), False
    return _dated(gettext("On the list until %(date)s"), entry.expires_on), False


def _entries(ids) -> dict[int, Details]:
    found = {}
    for entry in ListEntry.objects.filter(pk__in=ids).select_related(
        "entity", "authority", "credit_list"
    ):
        state, removed = _entry_state(entry)
        if removed:
            found[entry.pk] = Details(state=state, removed=True)
            continue
        found[entry.pk] = Details(
            entity_name=entry.entity.public_name,
            entity_url=entry.entity.get_absolute_url(),
            authority=entry.authority.name,
            date_label=gettext("Listed on"),
            date=entry.listed_on,
            category_title=str(CATEGORY_TITLES["listentry"]),
            categories=str(entry.credit_list.get_colour_display()),
            state=state,
        )
    return found


def _entities(ids) -> dict[int, Details]:
    return {
        entity.pk: Details(
            category_title=str(CATEGORY_TITLES["entity"]),
            categories=str(CounterpartCategory(entity.category).label),
            region=_region_name(entity.region),
        )
        for entity in Entity.objects.filter(pk__in=ids)
        .select_related("region")
        .only("category", "region", "region__name", "region__name_en")
    }


def inspection_category_label(code: str) -> str:
    """Return a result category's name in the active language."""
    category = inspection_reference.BY_CODE.get(code)
    if category is None:
        return code
    return category.name_en if _english() else category.name


class InspectionCategories:
    """The result categories as choices, named in the active language."""

    @classproperty
    def choices(cls) -> list[tuple[str, str]]:
        return [
            (category.code, inspection_category_label(category.code))
            for category in inspection_reference.RESULT_CATEGORIES
        ]


def _timeliness(result: InspectionResult) -> str:
    if result.published_on_time:
        return gettext("Published on time")
    return _dated(
        gettext("Published late: the deadline was %(date)s"),
        result.publication_deadline,
    )


def _inspection_results(ids) -> dict[int, Details]:
    found = {}
    for result in InspectionResult.objects.filter(pk__in=ids).select_related(
        "drawn__entity", "drawn__plan", "item", "authority"
    ):
        if result.state not in PUBLIC_RESULT_STATES:
            # Withdrawal is the one way out of public view.
            found[result.pk] = Details(state=gettext("Withdrawn"), removed=True)
            continue
        plan = result.drawn.plan
        found[result.pk] = Details(
            entity_name=result.drawn.entity.public_name,
            entity_url=result.drawn.entity.get_absolute_url(),
            authority=result.authority.name,
            date_label=gettext("Inspection date"),
            date=result.decided_on,
            category_title=str(CATEGORY_TITLES["inspection"]),
            categories=inspection_category_label(result.category),
            plan=f"{plan.number} {plan.title}",
            state=_timeliness(result),
        )
    return found


_LOADERS = {
    "penalty": _penalties,
    "permit": _permits,
    "listentry": _entries,
    "entity": _entities,
    "inspection": _inspection_results,
}


def describe(hits: list[Hit]) -> dict[str, Details]:
    """Return the details of each hit whose object still exists, by hit key."""
    ids = defaultdict(list)
    for hit in hits:
        if hit.kind in _LOADERS:
            ids[hit.kind].append(hit.object_id)
    details = {}
    for kind, kind_ids in ids.items():
        for pk, found in _LOADERS[kind](kind_ids).items():
            details[f"{kind}:{pk}"] = found
    return details
