"""Each required field, missing alone, makes its record incomplete, and no other."""

import pytest

from portal.cities.completeness import required_fields
from portal.cities.models import Summary
from portal.cities.statistics import refresh_statistics
from portal.core.identifiers import USCC_PLACEHOLDER
from portal.disclosures.choices import PenaltyCategory, PermitCategory
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Authority, CounterpartCategory, Entity
from tests.factories import (
    make_authority,
    make_company,
    make_penalty,
    make_permit,
    make_person,
    make_uscc,
)

pytestmark = pytest.mark.django_db

_MODELS = {"permit": Permit, "penalty": Penalty}


def _entity(record, **fields):
    Entity.objects.filter(pk=record.entity_id).update(**fields)


def _authority(record, **fields):
    Authority.objects.filter(pk=record.authority_id).update(**fields)


def _record(record, **fields):
    type(record).objects.filter(pk=record.pk).update(**fields)


def _business(**fields):
    return make_company(
        category=CounterpartCategory.INDIVIDUAL_BUSINESS,
        uscc=make_uscc("92"),
        legal_representative="",
        **fields,
    )


# (record type, code, the counterpart to use, how to break the field)
_CASES = [
    *(
        case
        for prefix in ("XK", "CF")
        for case in [
            (
                prefix,
                f"{prefix}_XDR_MC",
                make_company,
                lambda r: _record(r, counterpart_name=""),
            ),
            (
                prefix,
                f"{prefix}_XDR_LB",
                make_company,
                lambda r: _entity(r, category=""),
            ),
            (
                prefix,
                f"{prefix}_XDR_SHXYM",
                make_company,
                lambda r: _entity(r, uscc=""),
            ),
            (
                prefix,
                f"{prefix}_XDR_GSZC",
                _business,
                lambda r: _entity(
                    r, uscc=USCC_PLACEHOLDER, business_registration_number=""
                ),
            ),
            (
                prefix,
                f"{prefix}_FRDB",
                make_company,
                lambda r: _record(r, legal_representative=""),
            ),
            (
                prefix,
                f"{prefix}_XDR_ZJLX",
                make_person,
                lambda r: _entity(r, id_type=""),
            ),
            (
                prefix,
                f"{prefix}_XDR_ZJHM",
                make_person,
                lambda r: _entity(r, id_number=""),
            ),
            (
                prefix,
                f"{prefix}_WSH",
                make_company,
                lambda r: _record(r, decision_number=""),
            ),
        ]
    ),
    ("XK", "XK_XKJG", make_company, lambda r: _authority(r, name="")),
    ("XK", "XK_XKJGDM", make_company, lambda r: _authority(r, uscc="")),
    ("XK", "XK_LYDW", make_company, lambda r: _record(r, data_source_name="")),
    ("XK", "XK_LYDWDM", make_company, lambda r: _record(r, data_source_uscc="")),
    ("XK", "XK_XKWS", make_company, lambda r: _record(r, document_title="")),
    ("XK", "XK_XKLB", make_company, lambda r: _record(r, category="")),
    (
        "XK",
        "XK_XKLB",
        make_company,
        lambda r: _record(r, category=PermitCategory.OTHER, category_other=""),
    ),
    ("XK", "XK_NR", make_company, lambda r: _record(r, content="")),
    ("CF", "CF_CFJG", make_company, lambda r: _authority(r, name="")),
    ("CF", "CF_CFJGDM", make_company, lambda r: _authority(r, uscc="")),
    ("CF", "CF_SJLY", make_company, lambda r: _record(r, data_source_name="")),
    ("CF", "CF_SJLYDM", make_company, lambda r: _record(r, data_source_uscc="")),
    ("CF", "CF_WFXW", make_company, lambda r: _record(r, violation_type="")),
    ("CF", "CF_SY", make_company, lambda r: _record(r, facts="")),
    ("CF", "CF_YJ", make_company, lambda r: _record(r, legal_basis="")),
    ("CF", "CF_CFLB", make_company, lambda r: _record(r, categories=[])),
    ("CF", "CF_NR", make_company, lambda r: _record(r, content="")),
    ("CF", "CF_NR_FK", make_company, lambda r: _record(r, fine_amount=None)),
]


def _make(prefix, entity):
    maker = make_permit if prefix == "XK" else make_penalty
    return maker(entity=entity, authority=make_authority())


def _summary(record) -> Summary:
    return Summary.objects.get(subject="authority", authority_id=record.authority_id)


@pytest.mark.parametrize(
    ("prefix", "code", "counterpart", "breaks"),
    _CASES,
    ids=[f"{code}-{i}" for i, (_p, code, _c, _b) in enumerate(_CASES)],
)
def test_a_missing_required_field_makes_the_record_incomplete(
    prefix, code, counterpart, breaks
):
    record = _make(prefix, counterpart())
    breaks(record)
    refresh_statistics()
    row = Summary.objects.get(
        subject="authority", authority_id=record.authority_id, period__contains="Q"
    )
    assert (row.records, row.complete, row.complete_share) == (1, 0, 0.0)
    assert row.missing == {code: 1}


def test_every_rule_has_a_case():
    codes = {
        rule.code
        for record_type in ("permit", "penalty")
        for rule in required_fields(record_type)
    }
    assert codes == {code for _p, code, _c, _b in _CASES}


@pytest.mark.parametrize(
    "counterpart", [make_company, make_person, _business], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("prefix", ["XK", "CF"])
def test_records_as_validated_today_are_complete(prefix, counterpart):
    record = _make(prefix, counterpart())
    refresh_statistics()
    row = Summary.objects.get(
        subject="authority", authority_id=record.authority_id, period__contains="Q"
    )
    assert (row.complete, row.missing) == (1, {})


def test_conditional_rules_apply_only_where_they_hold(db):
    # A person has no USCC and no legal representative; a warning has no fine.
    person = make_person()
    penalty = make_penalty(
        entity=person, categories=[PenaltyCategory.WARNING], fine_amount=None
    )
    refresh_statistics()
    row = Summary.objects.get(
        subject="authority", authority_id=penalty.authority_id, period__contains="Q"
    )
    assert row.missing == {}
