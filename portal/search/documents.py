"""What the index holds: one document per public entity, record and list entry.

Documents are built only from what the public may see (the `.public()` rule,
current list entries) and only in public form: natural persons appear with
masked names and masked ID numbers; a full ID number finds them through its
keyed hash, which is stored among the exact codes. Every backend indexes these
same documents.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from portal.core import identifiers
from portal.creditlists.models import ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Entity

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Document:
    key: str  # "<kind>:<id>", unique across kinds
    kind: str  # entity | permit | penalty | listentry
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


def _code(value: str) -> str:
    return identifiers.compact(value or "").lower()


def _codes(*values: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for code in map(_code, values) if code))


def _url(obj) -> str:
    """Return the object's URL in the default language; pages localise it."""
    with translation.override(settings.LANGUAGE_CODE):
        return obj.get_absolute_url()


def _join(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def entity_document(entity: Entity) -> Document:
    codes = _codes(
        "" if entity.uscc == identifiers.USCC_PLACEHOLDER else entity.uscc,
        entity.business_registration_number,
        entity.organisation_code,
        entity.key,
    )
    # Hashes are stored as they are: they are already lower-case hex.
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


def _record_document(record, kind: str, title: str, text: str, categories) -> Document:
    return Document(
        key=f"{kind}:{record.pk}",
        kind=kind,
        object_id=record.pk,
        title=title,
        text=_join(
            record.decision_number,
            text,
            record.entity.public_name,
            record.authority.name,
        ),
        codes=_codes(record.decision_number),
        url=_url(record),
        date=record.decided_on,
        region_code=record.region_code,
        authority_id=record.authority_id,
        authority_name=record.authority.name,
        categories=tuple(categories),
        list_slug="",
        updated_at=record.updated_at,
    )


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
        codes=_codes(entry.document_number),
        url=_url(entry.entity),
        date=entry.listed_on,
        region_code=entry.authority.region.code,
        authority_id=entry.authority_id,
        authority_name=entry.authority.name,
        categories=(entry.credit_list.colour,),
        list_slug=entry.credit_list.slug,
        updated_at=entry.updated_at,
    )


# kind → (public queryset, builder). The querysets are the visibility rule.
SOURCES = {
    "entity": (lambda: Entity.objects.select_related("region"), entity_document),
    "permit": (
        lambda: Permit.objects.public().select_related("entity", "authority"),
        permit_document,
    ),
    "penalty": (
        lambda: Penalty.objects.public().select_related("entity", "authority"),
        penalty_document,
    ),
    "listentry": (
        lambda: ListEntry.objects.current().select_related(
            "entity", "credit_list", "authority__region"
        ),
        list_entry_document,
    ),
}


def documents(kind: str, ids: Iterable[int] | None = None) -> Iterator[Document]:
    """Yield the documents of one kind (all public ones, or those among `ids`)."""
    queryset_factory, build = SOURCES[kind]
    queryset = queryset_factory()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    for obj in queryset.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        yield build(obj)


def count(kind: str) -> int:
    return SOURCES[kind][0]().count()
