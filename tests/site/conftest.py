import datetime

import pytest

from portal.disclosures.choices import RecordState
from tests.factories import (
    make_authority,
    make_company,
    make_credit_list,
    make_list_entry,
    make_measure,
    make_penalty,
    make_permit,
    make_person,
    make_withdrawn_penalty,
)


@pytest.fixture
def world(db):
    """A small public dataset: a company with records, a listed person."""
    authority = make_authority(name="杭州市市场监督管理局")
    company = make_company(name="杭州华信网络科技有限公司", uscc="9144030071526726XG")
    person = make_person(name="张三丰", id_number="110101199003074477")
    dishonest = make_credit_list(slug="dishonest-persons")
    make_measure(credit_list=dishonest, title="限制乘坐飞机")
    penalties = [
        make_penalty(
            entity=company,
            authority=authority,
            decision_number=f"杭市监罚〔2025〕{n}号",
        )
        for n in range(1, 4)
    ]
    permits = [
        make_permit(
            entity=company, authority=authority, decision_number=f"浙许〔2025〕{n}号"
        )
        for n in range(1, 3)
    ]
    withdrawn = make_withdrawn_penalty(
        entity=company,
        authority=authority,
        decision_number="杭市监罚〔2025〕99号",
        facts="这段违法事实已被撤回",
    )
    expired = make_penalty(
        entity=company,
        authority=authority,
        decision_number="杭市监罚〔2020〕7号",
        decided_on=datetime.date(2020, 5, 6),
        facts="这段违法事实已过公示期",
    )
    draft = make_penalty(
        entity=company, authority=authority, state=RecordState.DRAFT, published_at=None
    )
    entry = make_list_entry(entity=person, credit_list=dishonest)
    return {
        "authority": authority,
        "company": company,
        "person": person,
        "list": dishonest,
        "penalties": penalties,
        "permits": permits,
        "withdrawn": withdrawn,
        "expired": expired,
        "draft": draft,
        "entry": entry,
    }
