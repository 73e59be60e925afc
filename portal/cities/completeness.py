"""The required fields of each record type (DOMAIN.md §1.1 and §1.2), in one place.

A record is complete when none of its required fields is missing. Each rule
names the national column code(s), a label, and the condition, as a `Q` on the
record, under which the field counts as missing; conditional rules ("required
for organisations", "when a fine was imposed") carry their condition in it.

Columns the database itself refuses to leave empty (the decision date, the
authority, the end of a penalty's effect) cannot be missing and are not
listed. Optional fields (organisation code, tax number, remarks, ...) do not
count. The legacy business registration number is required only from an
individual business that sends the placeholder USCC.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.core.identifiers import USCC_PLACEHOLDER
from portal.disclosures.choices import PenaltyCategory, PermitCategory
from portal.registry.models import CounterpartCategory

_ORGANISATION = CounterpartCategory.ORGANISATION
_PERSON = CounterpartCategory.NATURAL_PERSON
_BUSINESS = CounterpartCategory.INDIVIDUAL_BUSINESS


@dataclass(frozen=True)
class RequiredField:
    code: str  # the national column code
    label: Promise
    missing: Q
    rule: Promise  # when the field is required, in words


def _shared(prefix: str, *, authority: str, source: str) -> tuple[RequiredField, ...]:
    """Return the counterpart, authority and source rules both record types share.

    `authority` and `source` are the codes of the authority and data-source
    columns, whose names differ between the two formats (XK_XKJG, CF_CFJG).
    """
    return (
        RequiredField(
            f"{prefix}_XDR_MC",
            _("Counterpart name"),
            Q(counterpart_name=""),
            _("Always"),
        ),
        RequiredField(
            f"{prefix}_XDR_LB",
            _("Counterpart category"),
            Q(entity__category=""),
            _("Always"),
        ),
        RequiredField(
            f"{prefix}_XDR_SHXYM",
            _("Unified social credit code"),
            Q(entity__category__in=[_ORGANISATION, _BUSINESS], entity__uscc=""),
            _("Organisations and individual businesses"),
        ),
        RequiredField(
            f"{prefix}_XDR_GSZC",
            _("Business registration number"),
            Q(
                entity__category=_BUSINESS,
                entity__uscc=USCC_PLACEHOLDER,
                entity__business_registration_number="",
            ),
            _("Individual businesses sending the placeholder code"),
        ),
        RequiredField(
            f"{prefix}_FRDB",
            _("Legal representative"),
            Q(entity__category=_ORGANISATION, legal_representative=""),
            _("Organisations"),
        ),
        RequiredField(
            f"{prefix}_XDR_ZJLX",
            _("ID type"),
            Q(entity__category=_PERSON, entity__id_type=""),
            _("Natural persons"),
        ),
        RequiredField(
            f"{prefix}_XDR_ZJHM",
            _("ID number"),
            Q(entity__category=_PERSON, entity__id_number=""),
            _("Natural persons"),
        ),
        RequiredField(
            f"{prefix}_WSH", _("Decision number"), Q(decision_number=""), _("Always")
        ),
        RequiredField(
            authority, _("Deciding authority"), Q(authority__name=""), _("Always")
        ),
        RequiredField(
            f"{authority}DM",
            _("Deciding authority's code"),
            Q(authority__uscc=""),
            _("Always"),
        ),
        RequiredField(
            source, _("Data source unit"), Q(data_source_name=""), _("Always")
        ),
        RequiredField(
            f"{source}DM",
            _("Data source unit's code"),
            Q(data_source_uscc=""),
            _("Always"),
        ),
    )


def permit_fields() -> tuple[RequiredField, ...]:
    """Return the required fields of a permit."""
    return (
        *_shared("XK", authority="XK_XKJG", source="XK_LYDW"),
        RequiredField(
            "XK_XKWS", _("Decision document title"), Q(document_title=""), _("Always")
        ),
        RequiredField(
            "XK_XKLB",
            _("Permit category (for Other, the kind named)"),
            Q(category="") | Q(category=PermitCategory.OTHER, category_other=""),
            _("Always"),
        ),
        RequiredField("XK_NR", _("Content of the permit"), Q(content=""), _("Always")),
    )


def penalty_fields() -> tuple[RequiredField, ...]:
    """Return the required fields of a penalty."""
    return (
        *_shared("CF", authority="CF_CFJG", source="CF_SJLY"),
        RequiredField(
            "CF_WFXW", _("Type of violation"), Q(violation_type=""), _("Always")
        ),
        RequiredField("CF_SY", _("Facts of the violation"), Q(facts=""), _("Always")),
        RequiredField("CF_YJ", _("Legal basis"), Q(legal_basis=""), _("Always")),
        RequiredField(
            "CF_CFLB",
            _("Penalty categories"),
            Q(categories=""),
            _("Always"),
        ),
        RequiredField("CF_NR", _("Penalty content"), Q(content=""), _("Always")),
        RequiredField(
            "CF_NR_FK",
            _("Fine amount"),
            Q(categories__contains=f",{PenaltyCategory.FINE},", fine_amount=None),
            _("When a fine was imposed"),
        ),
    )


def required_fields(record_type: str) -> tuple[RequiredField, ...]:
    """Return the rules of "permit" or "penalty"."""
    return {"permit": permit_fields, "penalty": penalty_fields}[record_type]()


def field_labels() -> dict[str, Promise]:
    """Return every rule's label by code, for reading stored counts."""
    return {
        rule.code: rule.label
        for record_type in ("permit", "penalty")
        for rule in required_fields(record_type)
    }
