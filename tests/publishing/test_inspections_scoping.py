"""Who sees and does what: another authority finds nothing (404); a partner
reads the plan and records its own items' results, but the lead's steps are
refused with a message, never a 500, and nothing changes."""

import pytest
from django.utils import timezone

from portal.inspections.choices import PlanState, ResultState
from portal.inspections.models import FrozenFile, InspectionItem, InspectionResult
from portal.inspections.services import freeze_and_commit
from tests.factories import make_inspection_plan
from tests.inspections.world import inspection_world
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official
from tests.publishing.test_inspections_flow import BASE, page_text, result_path, zh

pytestmark = pytest.mark.django_db

LEAD_ONLY = "Only the plan's lead authority may do this."
ITEM_OWNER_ONLY = "Only the authority responsible for this item records its results."


@pytest.fixture
def world(db):
    return inspection_world()


def client_of(client, authority):
    return sign_in(client, make_official(authority=authority))


def plan_urls(world):
    """Every address of the officials' pages that names a plan, with a method."""
    plan, result = world.plan, world.on_time
    target = result_path(plan, result.drawn, result.item)
    urls = []
    for each in (world.plan, world.committed, world.draft_plan):
        urls += [
            ("get", f"{BASE}{each.pk}/"),
            ("post", f"{BASE}{each.pk}/items/"),
            ("post", f"{BASE}{each.pk}/sizes/"),
            ("get", f"{BASE}{each.pk}/commit/"),
            ("post", f"{BASE}{each.pk}/commit/"),
            ("post", f"{BASE}{each.pk}/draw/"),
            ("post", f"{BASE}{each.pk}/close/"),
        ]
    urls += [
        ("get", target),
        ("post", target),
        ("post", target + "publish/"),
        ("post", target + "correct/"),
        ("post", target + "withdraw/"),
    ]
    return urls


def test_another_authority_finds_no_page_of_the_plans(client, world):
    stranger = client_of(client, world.stranger)
    before = (
        list(InspectionResult.objects.values_list("pk", "state", "version")),
        FrozenFile.objects.count(),
        InspectionItem.objects.count(),
    )
    for method, url in plan_urls(world):
        for prefix in ("", "/en"):
            response = getattr(stranger, method)(prefix + url, {"public_value": "1"})
            assert response.status_code == 404, (method, prefix + url)
    after = (
        list(InspectionResult.objects.values_list("pk", "state", "version")),
        FrozenFile.objects.count(),
        InspectionItem.objects.count(),
    )
    assert after == before
    assert list(stranger.get(BASE).context["plans"]) == []


def test_another_authoritys_inspectors_are_not_found(client, world):
    stranger = client_of(client, world.stranger)
    inspector = world.inspectors[0]
    assert stranger.get(f"{BASE}inspectors/{inspector.pk}/").status_code == 404
    for action in ("conflicts/", "deactivate/", "reactivate/"):
        response = stranger.post(
            f"{BASE}inspectors/{inspector.pk}/{action}",
            {"entity": world.entities[0].key},
        )
        assert response.status_code == 404
    inspector.refresh_from_db()
    assert inspector.active and not inspector.conflicts.exists()
    listed = stranger.get(f"{BASE}inspectors/").context["inspectors"]
    assert list(listed) == []


def test_the_plan_list_shows_led_and_joined_plans(client, world):
    partner = client_of(client, world.partner)
    page = partner.get(BASE)
    assert list(page.context["plans"]) == [world.plan]
    assert world.lead.name in page_text(page)


def test_a_partner_reads_the_plan_and_its_teams(client, world):
    partner = client_of(client, world.partner)
    page = page_text(partner.get(f"{BASE}{world.plan.pk}/"))
    assert world.plan.commitment in page
    for member in world.plan.drawn.first().team.select_related("inspector"):
        assert member.inspector.code in page and member.inspector.name in page
    # The lead's steps are not offered to a partner.
    assert f"{BASE}{world.plan.pk}/close/" not in page


def _refused(response, message):
    assert response.status_code == 200, response.status_code
    assert zh(message) in page_text(response)


def test_a_partner_cannot_take_the_leads_steps(client, world):
    partner = client_of(client, world.partner)
    joint_draft = make_inspection_plan(
        authority=world.lead,
        partners=[world.partner],
        region_prefix="3301",
        sizes={"all": 1},
    )
    joint_committed = make_inspection_plan(
        authority=world.lead,
        partners=[world.partner],
        region_prefix="3301",
        sizes={"all": 1},
    )
    freeze_and_commit(authority=world.lead, plan=joint_committed)

    _refused(partner.post(f"{BASE}{joint_draft.pk}/commit/", follow=True), LEAD_ONLY)
    _refused(
        partner.post(
            f"{BASE}{joint_draft.pk}/items/",
            {
                "item-title": "纳税申报情况检查",
                "item-legal_basis": "《中华人民共和国税收征收管理法》",
                "item-authority": world.partner.pk,
            },
            follow=True,
        ),
        LEAD_ONLY,
    )
    _refused(
        partner.post(f"{BASE}{joint_draft.pk}/sizes/", {"size_all": "2"}, follow=True),
        LEAD_ONLY,
    )
    _refused(
        partner.post(
            f"{BASE}{joint_committed.pk}/draw/",
            {"public_value": "471", "confirm": "1"},
            follow=True,
        ),
        LEAD_ONLY,
    )
    _refused(partner.post(f"{BASE}{world.plan.pk}/close/", follow=True), LEAD_ONLY)

    joint_draft.refresh_from_db()
    joint_committed.refresh_from_db()
    world.plan.refresh_from_db()
    assert joint_draft.state == PlanState.DRAFT
    assert joint_draft.items.count() == 1
    assert dict(joint_draft.strata.values_list("label", "size")) == {"all": 1}
    assert not joint_draft.files.exists()
    assert joint_committed.state == PlanState.COMMITTED
    assert not joint_committed.drawn.exists()
    assert world.plan.state == PlanState.DRAWN


def test_a_partner_records_and_publishes_its_own_items_results(client, world):
    partner = client_of(client, world.partner)
    item = world.plan.items.get(authority=world.partner)
    drawn = world.plan.drawn.exclude(results__item=item).first()
    response = partner.post(
        result_path(world.plan, drawn, item),
        {
            "category": "no_problem",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    result = InspectionResult.objects.get(drawn=drawn, item=item)
    assert result.authority == world.partner
    partner.post(result_path(world.plan, drawn, item, "publish/"))
    result.refresh_from_db()
    assert result.state == ResultState.PUBLISHED


def test_nobody_acts_on_another_authoritys_item(client, world):
    lead = client_of(client, world.lead)
    item = world.plan.items.get(authority=world.partner)
    drawn = world.plan.drawn.exclude(results__item=item).first()
    response = lead.post(
        result_path(world.plan, drawn, item),
        {
            "category": "no_problem",
            "decided_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    _refused(response, ITEM_OWNER_ONLY)
    assert not InspectionResult.objects.filter(drawn=drawn, item=item).exists()

    draft = world.draft
    response = lead.post(
        result_path(world.plan, draft.drawn, draft.item, "publish/"), follow=True
    )
    _refused(response, ITEM_OWNER_ONLY)
    draft.refresh_from_db()
    assert draft.state == ResultState.DRAFT
    # The lead reads the partner's result, without the forms to change it.
    page = page_text(lead.get(result_path(world.plan, draft.drawn, draft.item)))
    assert "result-publish" not in page and "/publish/" not in page
