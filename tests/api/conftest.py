import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from portal.creditlists.models import ListEntry
from portal.disclosures.choices import PenaltyCategory, RecordState, Severity
from portal.registry.models import Authority, Region
from tests.factories import (
    make_authority,
    make_company,
    make_credit_list,
    make_list_entry,
    make_measure,
    make_penalty,
    make_permit,
    make_person,
    make_region,
    make_withdrawn_penalty,
)

PERSON_ID = "110101199003074477"
REPRESENTATIVE_ID = "330106198001010013"


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    """Tests page through collections; only the throttling tests limit them."""
    settings.API_THROTTLE_ANON = "100000/min"


@pytest.fixture
def api():
    return APIClient(HTTP_HOST="localhost")


def days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)


@pytest.fixture
def data(db):
    """Two cities' records, a listed person and a company whose representative is."""
    zhejiang = make_region(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    hangzhou = make_region(code="330100", name="杭州市", parent=zhejiang)
    ningbo = make_region(code="330200", name="宁波市", parent=zhejiang)
    hz = make_authority(region=hangzhou, name="杭州市市场监督管理局")
    nb = make_authority(region=ningbo, name="宁波市税务局", kind=Authority.Kind.TAX)
    company = make_company(
        name="杭州华信网络科技有限公司",
        uscc="9144030071526726XG",
        region=hangzhou,
        legal_representative="王伟",
        legal_rep_id_type="resident_id",
        legal_rep_id_number=REPRESENTATIVE_ID,
        former_names=["杭州华信科技公司"],
    )
    other = make_company(name="宁波海通贸易有限公司", region=ningbo)
    person = make_person(
        name="张三丰", id_number=PERSON_ID, former_names=["张君宝"], region=hangzhou
    )
    penalties = [
        make_penalty(
            entity=company,
            authority=hz,
            decided_on=days_ago(10 + n),
            fine_amount=Decimal(n) / 10 if n else None,
            categories=[PenaltyCategory.FINE] if n else [PenaltyCategory.WARNING],
            decision_number=f"杭市监罚〔2025〕{n}号",
        )
        for n in range(8)
    ]
    penalties.append(
        make_penalty(
            entity=person,
            authority=nb,
            decided_on=days_ago(30),
            fine_amount=Decimal("50"),
            categories=[PenaltyCategory.FINE],
            severity=Severity.SERIOUS,
            state=RecordState.CORRECTED,
            version=2,
        )
    )
    penalties.append(make_penalty(entity=other, authority=nb, decided_on=days_ago(40)))
    withdrawn = make_withdrawn_penalty(entity=company, authority=hz)
    expired = make_penalty(
        entity=company, authority=hz, decided_on=datetime.date(2020, 5, 6)
    )
    draft = make_penalty(
        entity=company, authority=hz, state=RecordState.DRAFT, published_at=None
    )
    permits = [
        make_permit(entity=company, authority=hz, decided_on=days_ago(5 + n))
        for n in range(3)
    ] + [make_permit(entity=other, authority=nb)]
    dishonest = make_credit_list(slug="dishonest-persons")
    flights = make_measure(
        credit_list=dishonest, title="限制乘坐飞机", applies_to_representatives=True
    )
    loans = make_measure(
        credit_list=dishonest, title="限制获得贷款", applies_to_representatives=False
    )
    person_entry = make_list_entry(entity=person, credit_list=dishonest)
    company_entry = make_list_entry(entity=company, credit_list=dishonest)
    removed_entry = make_list_entry(
        entity=other,
        credit_list=dishonest,
        listed_on=days_ago(300),
        removed_on=days_ago(20),
        removal_reason=ListEntry.RemovalReason.OBLIGATIONS_MET,
    )
    return {
        "regions": {"zhejiang": zhejiang, "hangzhou": hangzhou, "ningbo": ningbo},
        "hz": hz,
        "nb": nb,
        "company": company,
        "other": other,
        "person": person,
        "penalties": penalties,
        "withdrawn": withdrawn,
        "expired": expired,
        "draft": draft,
        "permits": permits,
        "list": dishonest,
        "measures": {"flights": flights, "loans": loans},
        "entries": {
            "person": person_entry,
            "company": company_entry,
            "removed": removed_entry,
        },
    }


def walk(api, url, params=None):
    """Follow the "next" links to the end; return every row and the pages seen."""
    rows, pages = [], 0
    response = api.get(url, params or {})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        pages += 1
        if not body["next"]:
            return rows, pages
        response = api.get(body["next"])
