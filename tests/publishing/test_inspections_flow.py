"""A plan through the officials' pages, by form posts only: create, add an item,
set sizes, commit, enter the public value and draw, record, publish, correct,
withdraw, close."""

import pytest
from django.utils import timezone, translation

from portal.core.models import ChangeLogEntry
from portal.inspections import checks
from portal.inspections.choices import PlanState, ResultState
from portal.inspections.models import InspectionPlan, InspectionResult
from portal.registry.models import Region
from tests.factories import make_authority, make_company, make_inspector, make_region
from tests.inspections.world import inspection_world
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official

pytestmark = pytest.mark.django_db

BASE = "/officials/inspections/"


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def page_text(response) -> str:
    return response.content.decode()


def plan_form(**overrides) -> dict:
    data = {
        "number": "杭市监抽〔2026〕7号",
        "title": "2026年度食品经营者双随机抽查",
        "region_prefix": "3301",
        "category": "",
        "stratification": "region",
        "team_size": "2",
        "starts_on": "2026-03-01",
        "ends_on": "2026-06-30",
        "public_value_source": "中国福利彩票3D第2026060期开奖号码，三位数字连写",
    }
    data.update(overrides)
    return data


@pytest.fixture
def town(db):
    """A city with two districts, a lead and a partner, entities and inspectors."""
    city = make_region()
    districts = [
        make_region(code=code, name=name, level=Region.Level.COUNTY, parent=city)
        for code, name in (("330102", "上城区"), ("330106", "西湖区"))
    ]
    lead = make_authority(name="杭州市市场监督管理局", region=city)
    partner = make_authority(name="杭州市税务局", region=city, kind="tax")
    entities = [make_company(region=districts[0]) for _ in range(4)]
    entities += [make_company(region=districts[1]) for _ in range(2)]
    inspectors = [make_inspector(authority=lead, name=f"检查员{n}") for n in range(3)]
    inspectors.append(make_inspector(authority=partner, name="税务检查员"))
    return {
        "lead": lead,
        "partner": partner,
        "entities": entities,
        "inspectors": inspectors,
    }


@pytest.fixture
def lead_client(client, town):
    return sign_in(client, make_official(authority=town["lead"]))


def create_plan(client, town, **overrides) -> InspectionPlan:
    response = client.post(
        BASE + "new/", plan_form(partners=[town["partner"].pk], **overrides)
    )
    assert response.status_code == 302, page_text(response)[:3000]
    return InspectionPlan.objects.get(number=plan_form(**overrides)["number"])


def add_item(client, plan, authority, title="食品经营许可情况检查"):
    return client.post(
        f"{BASE}{plan.pk}/items/",
        {
            "item-title": title,
            "item-legal_basis": "《中华人民共和国食品安全法》第一百一十条",
            "item-authority": authority.pk,
        },
    )


def commit_and_draw(client, plan, value="471"):
    assert client.post(f"{BASE}{plan.pk}/commit/").status_code == 302
    response = client.post(
        f"{BASE}{plan.pk}/draw/", {"public_value": value, "confirm": "1"}
    )
    assert response.status_code == 302, page_text(response)[:3000]
    plan.refresh_from_db()
    return plan


def result_path(plan, drawn, item, action=""):
    return f"{BASE}{plan.pk}/entities/{drawn.pk}/items/{item.pk}/{action}"


def test_the_whole_plan_by_form_posts(lead_client, town):
    client = lead_client
    assert client.get(BASE + "new/").status_code == 200
    plan = create_plan(client, town)
    assert plan.state == PlanState.DRAFT
    assert list(plan.partners.all()) == [town["partner"]]

    assert add_item(client, plan, town["lead"]).status_code == 302
    item = plan.items.get()
    assert item.authority == town["lead"]

    # The live preview: the population per stratum, counted now.
    page = client.get(f"{BASE}{plan.pk}/")
    assert 'data-population="330102">4<' in page_text(page)
    assert 'data-population="330106">2<' in page_text(page)
    response = client.post(
        f"{BASE}{plan.pk}/sizes/", {"size_330102": "2", "size_330106": "1"}
    )
    assert response.status_code == 302
    assert dict(plan.strata.values_list("label", "size")) == {
        "330102": 2,
        "330106": 1,
    }

    confirm = client.get(f"{BASE}{plan.pk}/commit/")
    assert confirm.status_code == 200
    assert zh("Committing cannot be undone. The portal then:") in page_text(confirm)
    assert client.post(f"{BASE}{plan.pk}/commit/").status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.COMMITTED
    assert plan.commitment in page_text(client.get(f"{BASE}{plan.pk}/"))

    # The value is shown as the seed will use it before anything is drawn.
    check = client.post(f"{BASE}{plan.pk}/draw/", {"public_value": "  471 "})
    assert check.status_code == 200
    assert "data-confirm-value>471<" in page_text(check)
    plan.refresh_from_db()
    assert plan.state == PlanState.COMMITTED
    response = client.post(
        f"{BASE}{plan.pk}/draw/", {"public_value": "471", "confirm": "1"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAWN
    assert plan.public_value == "471"
    assert checks.check_plan(plan).matches

    drawn = list(plan.drawn.order_by("position"))
    assert len(drawn) == 3
    page = page_text(client.get(f"{BASE}{plan.pk}/"))
    for row in drawn:
        assert row.entity.key in page
        for member in row.team.select_related("inspector"):
            # Officials see each inspector's code and name.
            assert member.inspector.code in page
            assert member.inspector.name in page

    today = timezone.localdate().isoformat()
    first, second, third = drawn
    assert client.get(result_path(plan, first, item)).status_code == 200
    response = client.post(
        result_path(plan, first, item),
        {"category": "no_problem", "decided_on": today, "details": "现场检查。"},
    )
    assert response.status_code == 302, page_text(response)[:3000]
    result = InspectionResult.objects.get(drawn=first, item=item)
    assert result.state == ResultState.DRAFT
    assert result.authority == town["lead"]

    assert client.post(result_path(plan, first, item, "publish/")).status_code == 302
    result.refresh_from_db()
    assert result.state == ResultState.PUBLISHED
    assert result.published_on_time

    response = client.post(
        result_path(plan, first, item, "correct/"),
        {
            "category": "ordered_to_correct",
            "decided_on": today,
            "details": "现场检查。",
            "reason": "复核发现台账缺失。",
        },
    )
    assert response.status_code == 302, page_text(response)[:3000]
    result.refresh_from_db()
    assert (result.state, result.version) == (ResultState.CORRECTED, 2)
    assert result.category == "ordered_to_correct"
    assert "复核发现台账缺失。" in page_text(client.get(result_path(plan, first, item)))

    response = client.post(
        result_path(plan, first, item, "withdraw/"),
        {"withdrawal_reason": "recorded_in_error", "note": "录入错误。"},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.state == ResultState.WITHDRAWN
    assert result.withdrawal_note == "录入错误。"

    for row in (second, third):
        client.post(
            result_path(plan, row, item),
            {"category": "no_problem", "decided_on": today},
        )
        client.post(result_path(plan, row, item, "publish/"))
    assert client.post(f"{BASE}{plan.pk}/close/").status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.CLOSED

    # Every write went through the services, which log who did it.
    official_user = response.wsgi_request.user
    actors = set(
        ChangeLogEntry.objects.for_object(plan).values_list("actor", flat=True)
    )
    assert actors == {official_user.pk}


def test_the_plan_list_shows_state_schedule_and_counts(lead_client, town):
    plan = create_plan(lead_client, town)
    add_item(lead_client, plan, town["lead"])
    lead_client.post(
        f"{BASE}{plan.pk}/sizes/", {"size_330102": "2", "size_330106": "1"}
    )
    page = lead_client.get(BASE)
    assert page.status_code == 200
    listed = list(page.context["plans"])
    assert listed == [plan]
    assert (listed[0].item_count, listed[0].sample_total, listed[0].drawn_count) == (
        1,
        3,
        0,
    )
    text = page_text(page)
    assert plan.number in text
    assert "2026-03-01" in text and "2026-06-30" in text
    assert str(zh("Draft")) in text


def test_the_public_value_help_says_what_makes_a_good_one(lead_client):
    text = page_text(lead_client.get(BASE + "new/"))
    assert "中国福利彩票3D" in text
    assert zh("is easy for anyone to look up afterwards.") in text


def test_deadlines_and_late_flags_show_on_the_plan_page(client):
    world = inspection_world()
    client = sign_in(client, make_official(authority=world.lead))
    page = page_text(client.get(f"{BASE}{world.plan.pk}/"))
    for result in (world.on_time, world.late, world.corrected, world.draft):
        assert result.publication_deadline.isoformat() in page
    # Published after its deadline: late; a draft past its deadline: overdue.
    assert page.count("data-late") == 1
    assert page.count("data-overdue") == 1
    late = page_text(
        client.get(result_path(world.plan, world.late.drawn, world.late.item))
    )
    assert zh("late") in late
