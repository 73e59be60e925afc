"""The integrity file's summary: what stands against an entity, and its limits."""

import datetime
import re

import pytest
import time_machine

from portal.creditlists.models import CreditList, ListEntry
from portal.disclosures.choices import Severity
from tests.factories import (
    make_company,
    make_credit_list,
    make_list_entry,
    make_penalty,
)

pytestmark = pytest.mark.django_db


def _summary(client, entity, prefix="") -> str:
    response = client.get(prefix + entity.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<section class="file-summary.*?</section>', html, re.S)
    assert found, "the file has no summary"
    return found.group(0)


@time_machine.travel(datetime.datetime(2026, 5, 4, 2, 30, tzinfo=datetime.UTC))
def test_the_summary_counts_what_stands_against_the_entity(client, world):
    company = world["company"]
    make_list_entry(entity=company)  # the default list is a black list
    summary = _summary(client, company)
    assert "file-summary-black" in summary
    assert "截至 2026-05-04 10:30（北京时间）" in summary
    assert "列入 1 个黑名单：" in summary and "失信被执行人名单" in summary
    assert "3 条行政处罚在公示期内" in summary
    assert "2 条行政许可" in summary
    # The world's withdrawn penalty was withdrawn after credit repair.
    assert "1 条记录或名单因信用修复而撤下" in summary


def test_a_clean_file_says_what_absence_does_not_prove(client, db):
    company = make_company(name="宁波清白贸易有限公司")
    summary = _summary(client, company)
    assert "file-summary-clear" in summary
    assert "未列入黑名单" in summary
    assert "没有在公示期内的行政处罚" in summary
    assert "不等于“没有失信记录”" in summary
    html = client.get(company.get_absolute_url()).content.decode()
    assert "这并不表示从未受过处罚" in html
    assert "未列入任何红名单、黑名单或重点关注名单" in html


def test_repaired_listings_and_red_lists_are_counted(client, db):
    company = make_company()
    watch = make_credit_list(
        slug="abnormal", name="经营异常名录", colour=CreditList.Colour.WATCH
    )
    red = make_credit_list(
        slug="a-taxpayers", name="纳税信用A级纳税人", colour=CreditList.Colour.RED
    )
    make_list_entry(entity=company, credit_list=red)
    make_list_entry(
        entity=company,
        credit_list=watch,
        removed_on=datetime.date.today(),
        removal_reason=ListEntry.RemovalReason.REPAIRED,
    )
    summary = _summary(client, company)
    assert "列入 1 个红名单（守信激励）：" in summary and "纳税信用A级纳税人" in summary
    assert "重点关注名单" not in summary  # the watch listing was removed
    assert "1 条记录或名单因信用修复而撤下" in summary


def test_the_summary_in_english(client, world):
    summary = _summary(client, world["company"], prefix="/en")
    assert "As of " in summary and "(Beijing time)" in summary
    assert "3 penalties in their publicity period" in summary
    assert "On no black list" in summary


def test_the_penalty_says_its_publicity_rule_in_words(client, db):
    penalty = make_penalty(
        decided_on=datetime.date(2025, 3, 10), severity=Severity.SERIOUS
    )
    assert penalty.publicity_rule == "2019"
    html = client.get(penalty.get_absolute_url()).content.decode()
    assert (
        "按 2019 年规则（发改办财金〔2019〕527号），此类（严重）行政处罚信息"
        "自处罚决定之日起最长公示 36 个月；公示满 6 个月后可申请信用修复。"
    ) in html


def test_an_entity_not_found_is_not_called_clean(client, db):
    html = client.get("/entities/?q=查无此公司").content.decode()
    assert "查不到某个主体，只说明本平台没有它的记录，并不证明其信用良好" in html
