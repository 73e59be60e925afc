"""What the index holds: one document per public entity, record, list entry and
inspection result.

Documents are built only from what the public may see (the `.public()` rule,
current list entries) and only in public form: natural persons appear with
masked names and masked ID numbers; a full ID number finds them through its
keyed hash, which is stored among the exact codes. Every backend indexes these
same documents.
"""

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, QuerySet
from django.db.models.functions import Greatest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from portal.core import identifiers
from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.inspections import reference as inspection_reference
from portal.inspections.models import InspectionPlan, InspectionResult
from portal.registry.models import Authority, Entity
from portal.search.tokens import index_text

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Document:
    key: str  # "<kind>:<id>", unique across kinds
    kind: str  # entity | permit | penalty | listentry | inspection
    object_id: int
    title: str
    text: str  # the searchable text, fields separated by newlines
    codes: tuple[str, ...]  # exact-match codes, compact and lower-cased
    url: str
    date: datetime.date | None
    region_code: str
    authority_id: int | None
    authority_name: str
    categories: tuple[str, ...]
    list_slug: str
    updated_at: datetime.datetime | None  # for finding stale documents

    def lines(self) -> list[str]:
        """Return the title and each field of the text: what snippets are cut from."""
        return [self.title, *self.text.split("\n")]

    def tokens(self) -> str:
        """Return the space-joined search tokens that every backend indexes."""
        # Each field is tokenized on its own, so that no phrase spans two.
        return index_text(*self.lines())


def _code(value: str) -> str:
    return identifiers.compact(value or "").lower()


def _codes(*values: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for code in map(_code, values) if code))


# What each kind's page address is made of: its route and the field in it.
_ROUTES = {
    Entity: ("entities:detail", "key"),
    Permit: ("permits:detail", "pk"),
    Penalty: ("penalties:detail", "pk"),
}
# Digits, which every converter of these routes accepts (int, str).
_SENTINEL = "987654321012345"


@functools.cache
def _url_template(model) -> tuple[str, str]:
    """Return the default-language address of `model`'s pages around its key."""
    route, field = _ROUTES[model]
    # Reversed once: a reverse() per document was a quarter of a rebuild.
    with translation.override(settings.LANGUAGE_CODE):
        before, _sentinel, after = reverse(route, kwargs={field: _SENTINEL}).partition(
            _SENTINEL
        )
    return before, after


def _url(obj) -> str:
    """Return the object's URL in the default language; pages localise it."""
    before, after = _url_template(type(obj))
    return f"{before}{getattr(obj, _ROUTES[type(obj)][1])}{after}"


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _uscc(entity: Entity) -> str:
    return "" if entity.uscc == identifiers.USCC_PLACEHOLDER else entity.uscc


def _about(entity: Entity) -> tuple[str, ...]:
    """Return the codes that find what is about an entity: its USCC, its key and
    the keyed hash of a person's ID number, so `kind=penalty` with a company's
    USCC finds its penalties."""
    # Hashes are stored as they are: they are already lower-case hex.
    return _codes(_uscc(entity), entity.key) + (
        (entity.id_hash,) if entity.id_hash else ()
    )


def entity_document(entity: Entity) -> Document:
    codes = _codes(
        _uscc(entity),
        entity.business_registration_number,
        entity.organisation_code,
        entity.key,
    )
    codes += tuple(h for h in (entity.id_hash, entity.legal_rep_id_hash) if h)
    return Document(
        key=f"entity:{entity.pk}",
        kind="entity",
        object_id=entity.pk,
        title=entity.public_name,
        text=_join(
            entity.public_name,
            *([] if entity.is_person else entity.former_names),
            "" if entity.is_person else entity.legal_representative,
            entity.id_masked,
        ),
        codes=codes,
        url=_url(entity),
        date=None,
        region_code=entity.region.code if entity.region_id else "",
        authority_id=None,
        authority_name="",
        categories=(entity.category,),
        list_slug="",
        updated_at=entity.updated_at,
    )


def _latest(*moments):
    """Return the latest of the moments given (None when there are none)."""
    return max((moment for moment in moments if moment), default=None)


def _record_document(record, kind: str, title: str, text: str, categories) -> Document:
    return Document(
        key=f"{kind}:{record.pk}",
        kind=kind,
        object_id=record.pk,
        title=title,
        # The name the decision gives, and the counterpart's name now, so
        # either finds the record.
        text=_join(
            record.decision_number,
            text,
            record.counterpart_public_name,
            *_current_name(record),
            record.authority.name,
        ),
        codes=_codes(record.decision_number) + _about(record.entity),
        url=_url(record),
        date=record.decided_on,
        region_code=record.region_code,
        authority_id=record.authority_id,
        authority_name=record.authority.name,
        categories=tuple(categories),
        list_slug="",
        updated_at=_latest(record.updated_at, record.entity.updated_at),
    )


def _current_name(record) -> tuple[str, ...]:
    current = record.entity.public_name
    return () if current == record.counterpart_public_name else (current,)


def permit_document(permit: Permit) -> Document:
    return _record_document(
        permit,
        "permit",
        permit.document_title,
        _join(permit.content, permit.certificate_name, permit.category_other),
        [permit.category],
    )


def penalty_document(penalty: Penalty) -> Document:
    return _record_document(
        penalty,
        "penalty",
        penalty.decision_number,
        _join(
            penalty.violation_type,
            penalty.facts,
            penalty.legal_basis,
            penalty.content,
            penalty.licence_affected,
        ),
        penalty.categories,
    )


def list_entry_document(entry: ListEntry) -> Document:
    return Document(
        key=f"listentry:{entry.pk}",
        kind="listentry",
        object_id=entry.pk,
        title=f"{entry.entity.public_name} — {entry.credit_list.name}",
        text=_join(
            entry.entity.public_name,
            entry.credit_list.name,
            entry.reason,
            entry.document_number,
            entry.authority.name,
        ),
        codes=_codes(entry.document_number) + _about(entry.entity),
        url=_url(entry.entity),
        date=entry.listed_on,
        region_code=entry.authority.region.code,
        authority_id=entry.authority_id,
        authority_name=entry.authority.name,
        categories=(entry.credit_list.colour,),
        list_slug=entry.credit_list.slug,
        updated_at=_latest(entry.updated_at, entry.entity.updated_at),
    )


@functools.cache
def _plan_url_template() -> tuple[str, str]:
    """Return the default-language address of a plan's page around its id."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            url = reverse("inspections:plan", args=[_SENTINEL])
        except NoReverseMatch:
            # Their address where the plan pages' route is not installed:
            # documents keep one URL either way.
            url = f"/inspections/{_SENTINEL}/"
    before, _sentinel, after = url.partition(_SENTINEL)
    return before, after


def inspection_result_url(result: InspectionResult) -> str:
    """Return where a result is shown: its anchor on its plan's page."""
    before, after = _plan_url_template()
    return f"{before}{result.drawn.plan_id}{after}#inspection-result-{result.pk}"


def inspection_document(result: InspectionResult) -> Document:
    entity, plan = result.drawn.entity, result.drawn.plan
    category = inspection_reference.BY_CODE.get(result.category)
    return Document(
        key=f"inspection:{result.pk}",
        kind="inspection",
        object_id=result.pk,
        # Like a penalty's decision number: the plan's number says whose it is.
        title=f"{plan.number} {result.item.title}",
        text=_join(
            entity.public_name,
            plan.number,
            plan.title,
            result.item.title,
            category.name if category else result.category,
            result.details,
            result.authority.name,
        ),
        # The entity's codes too: its USCC finds the results about it.
        codes=_codes(plan.number) + _about(entity),
        url=inspection_result_url(result),
        date=result.decided_on,
        region_code=entity.region.code if entity.region_id else "",
        authority_id=result.authority_id,
        authority_name=result.authority.name,
        categories=(result.category,),
        list_slug="",
        updated_at=_latest(result.updated_at, entity.updated_at),
    )


@dataclass(frozen=True)
class Source:
    """Where the documents of one kind come from."""

    queryset: Callable[[], QuerySet]  # the public ones: the visibility rule
    build: Callable[[object], Document]
    # When a document was last changed, as a query expression, so that the
    # check finds it stale: a record also quotes its entity's name.
    changed: Callable[[], object]
    # For each model a document shows (its own, and those whose names it
    # quotes), the field leading to it.
    quotes: dict[type, str]


# The columns the builders read, and no more: a rebuild converts every value
# it loads, and a record's entity has some twenty fields of its own. A field
# missing here would cost a query per document (a test counts them).
_RECORD_FIELDS = (
    "decision_number",
    "counterpart_name",
    "decided_on",
    "region_code",
    "updated_at",
    "entity__name",
    "entity__category",
    "entity__key",
    "entity__uscc",
    "entity__id_hash",
    "entity__updated_at",
    "authority__name",
)
_PERMIT_FIELDS = (
    "document_title",
    "content",
    "certificate_name",
    "category",
    "category_other",
)
_PENALTY_FIELDS = (
    "violation_type",
    "facts",
    "legal_basis",
    "content",
    "licence_affected",
    "categories",
)

_INSPECTION_FIELDS = (
    "category",
    "details",
    "decided_on",
    "updated_at",
    "authority__name",
    "item__title",
    "drawn__plan__number",
    "drawn__plan__title",
    "drawn__entity__name",
    "drawn__entity__category",
    "drawn__entity__key",
    "drawn__entity__uscc",
    "drawn__entity__id_hash",
    "drawn__entity__updated_at",
    "drawn__entity__region__code",
)

SOURCES = {
    "entity": Source(
        queryset=lambda: Entity.objects.select_related("region"),
        build=entity_document,
        changed=lambda: F("updated_at"),
        quotes={Entity: "pk"},
    ),
    "permit": Source(
        queryset=lambda: (
            Permit.objects.public()
            .select_related("entity", "authority")
            .only(*_RECORD_FIELDS, *_PERMIT_FIELDS)
        ),
        build=permit_document,
        changed=lambda: Greatest("updated_at", "entity__updated_at"),
        quotes={Permit: "pk", Entity: "entity", Authority: "authority"},
    ),
    "penalty": Source(
        queryset=lambda: (
            Penalty.objects.public()
            .select_related("entity", "authority")
            .only(*_RECORD_FIELDS, *_PENALTY_FIELDS)
        ),
        build=penalty_document,
        changed=lambda: Greatest("updated_at", "entity__updated_at"),
        quotes={Penalty: "pk", Entity: "entity", Authority: "authority"},
    ),
    "listentry": Source(
        queryset=lambda: ListEntry.objects.current().select_related(
            "entity", "credit_list", "authority__region"
        ),
        build=list_entry_document,
        changed=lambda: Greatest("updated_at", "entity__updated_at"),
        quotes={
            ListEntry: "pk",
            Entity: "entity",
            Authority: "authority",
            CreditList: "credit_list",
        },
    ),
    "inspection": Source(
        queryset=lambda: (
            InspectionResult.objects.public()
            .select_related("drawn__entity__region", "drawn__plan", "item", "authority")
            .only(*_INSPECTION_FIELDS)
        ),
        build=inspection_document,
        changed=lambda: Greatest("updated_at", "drawn__entity__updated_at"),
        quotes={
            InspectionResult: "pk",
            Entity: "drawn__entity",
            Authority: "authority",
            InspectionPlan: "drawn__plan",
        },
    ),
}


def documents(kind: str, ids: Iterable[int] | None = None) -> Iterator[Document]:
    """Yield the documents of one kind (all public ones, or those among `ids`)."""
    source = SOURCES[kind]
    queryset = source.queryset()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    for obj in queryset.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        yield source.build(obj)


def count(kind: str) -> int:
    return SOURCES[kind].queryset().count()


def changed_at(kind: str) -> Iterator[tuple[int, datetime.datetime | None]]:
    """Yield (id, when its document last changed) of every public one."""
    queryset = SOURCES[kind].queryset().order_by()
    rows = queryset.annotate(changed=SOURCES[kind].changed()).values_list(
        "pk", "changed"
    )
    yield from rows.iterator(chunk_size=5000)


def showing(obj) -> dict[str, list[int]]:
    """Return, per kind, the ids of the documents that show this object: its own
    document, and those quoting its name (a record quotes its entity's)."""
    found = {}
    for kind, source in SOURCES.items():
        field = source.quotes.get(type(obj))
        if field is not None:
            model = source.queryset().model
            rows = model._default_manager.filter(**{field: obj.pk})
            found[kind] = list(rows.values_list("pk", flat=True))
    return found
