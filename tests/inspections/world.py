"""A drawn joint plan with results in every state, for the pages, API and files.

`inspection_world()` builds, in a fresh database: a city with two districts,
a lead authority (market regulation) and a partner (tax), seven companies,
four inspectors, a joint plan drawn on Monday 22 September 2025 with two
items (one per authority), and for the drawn entities:

- a result published on time (`on_time`), with a problem found;
- a result published after its 20-working-day deadline (`late`);
- a result published, then corrected (`corrected`);
- a result published, then withdrawn (`withdrawn`), not public;
- a draft result (`draft`), not public;

plus a committed plan not drawn yet (`committed`) and a draft (`draft_plan`),
neither of which has results. Everything goes through the services.
"""

import datetime
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import time_machine

from portal.inspections.choices import ResultWithdrawalReason
from portal.inspections.models import InspectionPlan, InspectionResult
from portal.inspections.services import (
    add_item,
    correct_result,
    enter_public_value_and_draw,
    freeze_and_commit,
    publish_result,
    record_result,
    withdraw_result,
)
from portal.registry.models import Region
from tests.factories import (
    make_authority,
    make_company,
    make_inspection_plan,
    make_inspector,
    make_region,
)

BEIJING = ZoneInfo("Asia/Shanghai")
D = datetime.date
DRAW_DAY = D(2025, 9, 22)
SECRET = "5" * 64


def moment(day: D, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


@dataclass
class InspectionWorld:
    lead: object
    partner: object
    stranger: object
    entities: list
    inspectors: list
    plan: InspectionPlan
    committed: InspectionPlan
    draft_plan: InspectionPlan
    on_time: InspectionResult
    late: InspectionResult
    corrected: InspectionResult
    withdrawn: InspectionResult
    draft: InspectionResult


def inspection_world() -> InspectionWorld:
    city = make_region()
    shangcheng = make_region(
        code="330102", name="上城区", level=Region.Level.COUNTY, parent=city
    )
    xihu = make_region(
        code="330106", name="西湖区", level=Region.Level.COUNTY, parent=city
    )
    lead = make_authority(region=city)
    partner = make_authority(region=city, kind="tax", name="杭州市税务局")
    stranger = make_authority(region=city, name="宁波市市场监督管理局")
    entities = [make_company(region=shangcheng) for _ in range(4)]
    entities += [make_company(region=xihu) for _ in range(3)]
    inspectors = [make_inspector(authority=lead) for _ in range(3)]
    inspectors.append(make_inspector(authority=partner))

    # Fixed secrets, so that the draw is the same on every run.
    secrets = itertools.cycle(["5" * 64, "6" * 64, "7" * 64])
    with time_machine.travel(moment(DRAW_DAY), tick=False):
        plan = make_inspection_plan(
            authority=lead,
            partners=[partner],
            region_prefix="3301",
            stratification="region",
            sizes={"330102": 2, "330106": 1},
        )
        add_item(
            authority=lead,
            plan=plan,
            title="纳税申报情况检查",
            legal_basis="《中华人民共和国税收征收管理法》第五十四条",
            responsible=partner,
        )
        freeze_and_commit(authority=lead, plan=plan, make_secret=lambda: next(secrets))
        enter_public_value_and_draw(authority=lead, plan=plan, public_value="582")
        committed = make_inspection_plan(
            authority=lead,
            title="2026年度广告发布者双随机抽查",
            region_prefix="3301",
            sizes={"all": 2},
        )
        freeze_and_commit(
            authority=lead, plan=committed, make_secret=lambda: next(secrets)
        )
        draft_plan = make_inspection_plan(authority=lead, title="草稿计划")
    plan.refresh_from_db()
    committed.refresh_from_db()

    lead_item = plan.items.get(authority=lead)
    partner_item = plan.items.get(authority=partner)
    drawn = list(plan.drawn.order_by("position"))

    def result(row, item, authority, category, decided, published=None):
        made = record_result(
            authority=authority,
            drawn=row,
            item=item,
            category=category,
            decided_on=decided,
            details="现场检查经营场所及台账。",
        )
        if published:
            made = publish_result(
                authority=authority, result=made, at=moment(published)
            )
        return made

    with time_machine.travel(moment(D(2025, 12, 20)), tick=False):
        on_time = result(
            drawn[0],
            lead_item,
            lead,
            "ordered_to_correct",
            D(2025, 10, 9),
            D(2025, 10, 20),
        )
        # Decided 9 October; 20 working days later is 5 November (Saturday
        # 11 October 2025 is a make-up working day).
        late = result(
            drawn[1], lead_item, lead, "no_problem", D(2025, 10, 9), D(2025, 12, 1)
        )
        corrected = result(
            drawn[2], lead_item, lead, "no_problem", D(2025, 10, 10), D(2025, 10, 15)
        )
        corrected = correct_result(
            authority=lead,
            result=corrected,
            fields={"category": "pending_follow_up"},
            reason="复核发现台账缺失，待后续处理。",
        )
        withdrawn = result(
            drawn[0],
            partner_item,
            partner,
            "no_problem",
            D(2025, 10, 9),
            D(2025, 10, 14),
        )
        withdrawn = withdraw_result(
            authority=partner,
            result=withdrawn,
            reason=ResultWithdrawalReason.RECORDED_IN_ERROR,
            note="录入错误。",
        )
        draft = result(drawn[1], partner_item, partner, "no_problem", D(2025, 10, 9))
    return InspectionWorld(
        lead=lead,
        partner=partner,
        stranger=stranger,
        entities=entities,
        inspectors=inspectors,
        plan=plan,
        committed=committed,
        draft_plan=draft_plan,
        on_time=on_time,
        late=late,
        corrected=corrected,
        withdrawn=withdrawn,
        draft=draft,
    )
