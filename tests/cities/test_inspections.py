"""Random-inspection figures per authority and city, worked out by hand on the
world of tests/inspections/world.py.

The world, as the statistics count it (every authority is of 杭州市, 330100):

- Plans, counted for the lead authority: the joint plan and the plan
  `committed` were both committed on 2025-09-22 (2025Q3); the joint plan was
  drawn the same day. Its pool (region prefix 3301, by district) holds the
  seven companies, 4 in 上城区 and 3 in 西湖区; it drew 2 + 1 = 3. So 2025Q3:
  2 committed, 1 drawn, 3 of 7 entities drawn (42.9 %, n=7). The draft plan
  counts nowhere.
- Results, counted for the recording authority in the quarter of publication,
  public ones only (published or corrected), all by the lead in 2025Q4:
  `on_time` (decided 10-09, deadline 11-05, published 10-20: on time,
  ordered_to_correct, a finding); `late` (decided 10-09, deadline 11-05,
  published 12-01: late, no_problem); `corrected` (decided 10-10, deadline
  11-06, published 10-15: on time, corrected to pending_follow_up, a finding).
  So 3 results, 2 on time (66.7 %, n=3), 2 with a problem found (66.7 %).
  The partner's results are withdrawn and draft: not counted.
"""

import datetime

import pytest
from django.utils import timezone

from portal.cities.models import PlanPopulation, Summary
from portal.cities.periods import Period
from portal.cities.statistics import refresh_statistics
from portal.inspections.choices import ResultWithdrawalReason
from portal.inspections.services import (
    enter_public_value_and_draw,
    freeze_and_commit,
    publish_result,
    withdraw_result,
)
from portal.registry.models import Region
from tests.cities.html import tables
from tests.factories import make_inspection_plan
from tests.inspections.world import inspection_world

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world(db):
    world = inspection_world()
    refresh_statistics(today=D(2026, 1, 15))
    return world


def _row(period, **subject) -> Summary:
    return Summary.objects.get(period=period, **subject)


def _lead(world, period) -> Summary:
    return _row(period, subject="authority", authority=world.lead)


def _city(period) -> Summary:
    return _row(period, subject="city", region=Region.objects.get(code="330100"))


def _figures(row: Summary) -> dict:
    return {
        "plans_committed": row.plans_committed,
        "plans_drawn": row.plans_drawn,
        "entities_drawn": row.entities_drawn,
        "entities_in_pools": row.entities_in_pools,
        "inspection_results": row.inspection_results,
        "inspection_results_on_time": row.inspection_results_on_time,
        "inspection_findings": row.inspection_findings,
        "inspection_categories": row.inspection_categories,
    }


Q3 = {
    "plans_committed": 2,
    "plans_drawn": 1,
    "entities_drawn": 3,
    "entities_in_pools": 7,
    "inspection_results": 0,
    "inspection_results_on_time": 0,
    "inspection_findings": 0,
    "inspection_categories": {},
}
Q4 = {
    "plans_committed": 0,
    "plans_drawn": 0,
    "entities_drawn": 0,
    "entities_in_pools": 0,
    "inspection_results": 3,
    "inspection_results_on_time": 2,
    "inspection_findings": 2,
    "inspection_categories": {
        "no_problem": 1,
        "ordered_to_correct": 1,
        "pending_follow_up": 1,
    },
}
YEAR = {
    **Q3,
    **{key: value for key, value in Q4.items() if key.startswith("inspection")},
}


def test_the_deadlines_the_figures_rest_on(world):
    assert world.on_time.publication_deadline == D(2025, 11, 5)
    assert world.late.publication_deadline == D(2025, 11, 5)
    assert world.corrected.publication_deadline == D(2025, 11, 6)


def test_the_drawn_plans_population_is_counted_once_from_its_files(world):
    population = PlanPopulation.objects.get(plan=world.plan)
    assert (population.pool, population.drawn) == (7, 3)
    # The plan committed but not drawn has none yet.
    assert not PlanPopulation.objects.filter(plan=world.committed).exists()


def test_the_lead_authoritys_figures(world):
    assert _figures(_lead(world, "2025Q3")) == Q3
    assert _figures(_lead(world, "2025Q4")) == Q4
    assert _figures(_lead(world, "2025")) == YEAR


def test_the_citys_figures_add_up_its_authorities(world):
    assert _figures(_city("2025Q3")) == Q3
    assert _figures(_city("2025Q4")) == Q4
    assert _figures(_city("2025")) == YEAR


def test_the_partner_and_the_stranger_have_no_inspection_figures(world):
    # The partner's one public result was withdrawn, its other is a draft;
    # a joint plan counts for its lead only.
    for authority in (world.partner, world.stranger):
        assert not Summary.objects.filter(
            subject="authority", authority=authority
        ).exists()


def test_a_withdrawal_refreshes_the_figures_after_the_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_result(
            authority=world.lead,
            result=world.on_time,
            reason=ResultWithdrawalReason.ANNULLED,
            note="复议撤销。",
        )
    row = _lead(world, "2025Q4")
    # `late` and `corrected` are left: one on time, one finding.
    assert (row.inspection_results, row.inspection_results_on_time) == (2, 1)
    assert row.inspection_findings == 1
    assert row.inspection_categories == {"no_problem": 1, "pending_follow_up": 1}
    assert _city("2025Q4").inspection_results == 2


def test_a_publication_refreshes_the_recording_authority(
    world, django_capture_on_commit_callbacks
):
    published = datetime.datetime(2026, 2, 3, 10, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        publish_result(authority=world.partner, result=world.draft, at=published)
    row = _row("2026Q1", subject="authority", authority=world.partner)
    # Decided 2025-10-09, due 2025-11-05: late; no problem found.
    assert (row.inspection_results, row.inspection_results_on_time) == (1, 0)
    assert row.inspection_categories == {"no_problem": 1}
    assert _city("2026Q1").inspection_results == 1


def test_a_draw_counts_its_population_and_refreshes_the_lead(
    world, django_capture_on_commit_callbacks
):
    plan = make_inspection_plan(
        authority=world.lead, region_prefix="330106", sizes={"all": 2}
    )
    with django_capture_on_commit_callbacks(execute=True):
        freeze_and_commit(authority=world.lead, plan=plan)
        enter_public_value_and_draw(
            authority=world.lead, plan=plan, public_value="7 1 3"
        )
    plan.refresh_from_db()
    population = PlanPopulation.objects.get(plan=plan)
    # 西湖区 holds three of the companies; two were drawn.
    assert (population.pool, population.drawn) == (3, 2)
    # Committed and drawn today, the lead's only plan of this quarter.
    row = _lead(world, Period.of(timezone.localdate(plan.drawn_at)).key)
    assert (row.plans_committed, row.plans_drawn) == (1, 1)
    assert (row.entities_drawn, row.entities_in_pools) == (2, 3)


# The pages: a section after the timeliness figures, in both languages.


def _section(html: str) -> str:
    return html.split('id="random-inspections"')[1].split("</section>")[0]


def _body(html: str, table: str) -> list[list[str]]:
    return tables(_section(html))[table]["body"]


def test_the_authority_page_shows_the_section_after_the_timeliness_figures(
    client, world
):
    html = client.get(f"/en/authorities/{world.lead.pk}/").content.decode()
    timeliness = html.index('id="timeliness-heading"')
    inspections = html.index('id="inspections-heading"')
    latest = html.index("Latest penalties")
    assert timeliness < inspections < latest
    assert "Random inspections</h2>" in html


def test_the_authority_page_in_english(client, world):
    html = client.get(f"/en/authorities/{world.lead.pk}/").content.decode()
    table = tables(_section(html))["inspections"]
    assert table["head"][0] == [
        "Period",
        "Plans committed",
        "Plans drawn",
        "Share of the pools drawn (%)",
        "Results published",
        "Published within 20 working days (%)",
        "Problem found (%)",
    ]
    small = " n={} * (small sample)"
    assert table["body"] == [
        [
            "2025 (whole year)",
            "2",
            "1",
            "42.9" + small.format(7),
            "3",
            "66.7" + small.format(3),
            "66.7" + small.format(3),
        ],
        [
            "2025 Q4",
            "0",
            "0",
            "—",
            "3",
            "66.7" + small.format(3),
            "66.7" + small.format(3),
        ],
        ["2025 Q3", "2", "1", "42.9" + small.format(7), "0", "—", "—"],
    ]
    assert _body(html, "inspection-categories") == [
        ["No problem found", "No", "1"],
        ["Problem found, correction ordered", "Yes", "1"],
        ["Problem found, follow-up pending", "Yes", "1"],
    ]
    assert "fewer than 30" in _section(html)


def test_the_authority_page_in_chinese(client, world):
    html = client.get(f"/authorities/{world.lead.pk}/").content.decode()
    assert html.index('id="timeliness-heading"') < html.index(
        'id="inspections-heading"'
    )
    section = _section(html)
    assert "双随机抽查</h2>" in html
    table = tables(section)["inspections"]
    assert table["head"][0][1:] == [
        "发布的抽查计划",
        "完成抽取的抽查计划",
        "名录抽取比例（%）",
        "公示的抽查结果",
        "20个工作日内公示（%）",
        "发现问题（%）",
    ]
    assert table["body"][0][:4] == ["2025年全年", "2", "1", "42.9 n=7 * （样本过小）"]
    assert _body(html, "inspection-categories")[1] == ["发现问题已责令改正", "是", "1"]


def test_an_authority_without_inspections_says_so(client, world):
    html = client.get(f"/en/authorities/{world.partner.pk}/").content.decode()
    assert "No random-inspection plan was committed or drawn" in _section(html)


def test_the_city_page_shows_the_same_figures(client, world):
    html = client.get("/en/cities/330100/").content.decode()
    body = _body(html, "inspections")
    assert body[0] == [
        "2025 (whole year)",
        "2",
        "1",
        "42.9 n=7 * (small sample)",
        "3",
        "66.7 n=3 * (small sample)",
        "66.7 n=3 * (small sample)",
    ]
    assert [row[0] for row in body] == ["2025 (whole year)", "2025 Q4", "2025 Q3"]
    assert "Plans led by the city’s authorities" in _section(html)

    chinese = client.get("/cities/330100/").content.decode()
    assert "双随机抽查</h2>" in chinese
    assert _body(chinese, "inspections")[1][:2] == ["2025年第4季度", "0"]
    assert "本市各机关牵头的抽查计划" in _section(chinese)


def test_the_method_page_explains_the_figures(client, db):
    html = client.get("/en/cities/method/").content.decode()
    assert 'id="inspections"' in html
    assert "20 working days after the inspection date" in html
    assert "entities.csv" in client.get("/cities/method/").content.decode()
