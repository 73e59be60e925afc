"""Every refusal of a service reaches the page as its message, in the official's
language, and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from portal.core.models import ChangeLogEntry
from portal.inspections.choices import PlanState, ResultState
from portal.inspections.models import InspectionPlan, InspectionResult
from tests.factories import make_inspection_plan
from tests.inspections.world import inspection_world
from tests.publishing.conftest import sign_in
from tests.publishing.factories import make_official
from tests.publishing.test_inspections_flow import (
    BASE,
    page_text,
    plan_form,
    result_path,
    zh,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return inspection_world()


@pytest.fixture
def lead(client, world):
    return sign_in(client, make_official(authority=world.lead))


def log_size() -> int:
    return ChangeLogEntry.objects.count()


def shows(response, text: str, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    page = page_text(response)
    assert text in page, page[:3000]
    return page


def draft(world, **fields):
    fields.setdefault("region_prefix", "3301")
    return make_inspection_plan(authority=world.lead, **fields)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"items": 0, "sizes": {"all": 1}}, "Add at least one inspection item first."),
        ({}, "Give a sample size for each stratum of the pool: %(strata)s."),
        ({"sizes": {"all": 0}}, "The sample sizes add up to no entity at all."),
        (
            {"sizes": {"all": 8}},
            "Stratum %(label)s has %(count)d entities, fewer than its sample "
            "size %(size)d.",
        ),
        (
            {"sizes": {"all": 1}, "team_size": 5},
            "The plan needs teams of %(size)d; its authorities have "
            "%(count)d active inspectors.",
        ),
    ],
    ids=["no-item", "no-size", "nothing-to-draw", "size-too-large", "team-too-big"],
)
def test_a_commit_refused_says_why_and_freezes_nothing(lead, world, fields, message):
    plan = draft(world, **fields)
    logged = log_size()
    response = lead.post(f"{BASE}{plan.pk}/commit/", follow=True)
    # The message's fixed words, in Chinese (the default language).
    words = zh(message).split("%")[0]
    shows(response, words)
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
    assert not plan.files.exists() and not plan.commitment
    assert log_size() == logged


def test_committing_twice_is_refused(lead, world):
    response = lead.post(f"{BASE}{world.committed.pk}/commit/", follow=True)
    shows(response, zh("This plan is already committed."))
    assert lead.get(f"{BASE}{world.committed.pk}/commit/").status_code == 302


def test_a_public_value_on_two_lines_is_refused_on_the_form(lead, world):
    plan = world.committed
    response = lead.post(
        f"{BASE}{plan.pk}/draw/", {"public_value": "4\t7 1", "confirm": "1"}
    )
    shows(response, zh("Enter the public value as one line of text."), status=400)
    plan.refresh_from_db()
    assert plan.state == PlanState.COMMITTED and not plan.public_value
    assert not plan.drawn.exists()


def test_an_empty_public_value_is_refused(lead, world):
    response = lead.post(f"{BASE}{world.committed.pk}/draw/", {"public_value": " "})
    shows(response, zh("This field is required."), status=400)
    world.committed.refresh_from_db()
    assert world.committed.state == PlanState.COMMITTED


def test_drawing_twice_is_refused(lead, world):
    seed = world.plan.seed
    response = lead.post(
        f"{BASE}{world.plan.pk}/draw/",
        {"public_value": "999", "confirm": "1"},
        follow=True,
    )
    shows(response, zh("This plan has already been drawn."))
    world.plan.refresh_from_db()
    assert world.plan.seed == seed


def test_drawing_before_committing_is_refused(lead, world):
    response = lead.post(
        f"{BASE}{world.draft_plan.pk}/draw/",
        {"public_value": "471", "confirm": "1"},
        follow=True,
    )
    shows(response, zh("Commit the plan before drawing."))
    world.draft_plan.refresh_from_db()
    assert world.draft_plan.state == PlanState.DRAFT


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"starts_on": "2026-07-01", "ends_on": "2026-06-30"},
            "ends_on",
            "The schedule cannot end before it starts.",
        ),
        ({"team_size": "1"}, "team_size", None),
        ({"region_prefix": "33a"}, "region_prefix", "Up to six digits."),
        ({"public_value_source": ""}, "public_value_source", None),
    ],
    ids=["schedule", "team-of-one", "region", "no-public-value"],
)
def test_a_plan_with_bad_terms_is_not_saved(lead, world, overrides, field, message):
    plans = InspectionPlan.objects.count()
    response = lead.post(BASE + "new/", plan_form(**overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    if message:
        shows(response, zh(message), status=400)
    assert InspectionPlan.objects.count() == plans


def test_a_plan_number_is_used_once_per_authority(lead, world):
    response = lead.post(BASE + "new/", plan_form(number=world.plan.number))
    shows(response, zh("This authority already has a plan with this number."), 400)
    assert InspectionPlan.objects.filter(number=world.plan.number).count() == 1


def test_a_negative_sample_size_is_refused(lead, world):
    plan = draft(world, sizes={"all": 1})
    response = lead.post(f"{BASE}{plan.pk}/sizes/", {"size_all": "-1"})
    assert response.status_code == 400
    assert response.context["sizes_form"].errors["size_all"]
    assert dict(plan.strata.values_list("label", "size")) == {"all": 1}


def test_an_item_needs_its_legal_basis(lead, world):
    plan = draft(world)
    response = lead.post(
        f"{BASE}{plan.pk}/items/",
        {"item-title": "广告发布情况检查", "item-authority": world.lead.pk},
    )
    assert response.status_code == 400
    assert response.context["item_form"].errors["legal_basis"]
    assert plan.items.count() == 1


def test_items_cannot_be_added_once_committed(lead, world):
    response = lead.post(
        f"{BASE}{world.committed.pk}/items/",
        {
            "item-title": "广告发布情况检查",
            "item-legal_basis": "《中华人民共和国广告法》",
            "item-authority": world.lead.pk,
        },
        follow=True,
    )
    shows(
        response,
        zh("The plan is committed: its pools and sizes can no longer change."),
    )
    assert world.committed.items.count() == 1


@pytest.mark.parametrize(
    ("decided_on", "message"),
    [
        (
            timezone.localdate() + datetime.timedelta(days=1),
            "The inspection date cannot be after today.",
        ),
        (datetime.date(2025, 9, 1), "The inspection date cannot be before the draw."),
    ],
    ids=["future", "before-draw"],
)
def test_a_result_with_a_wrong_date_is_not_saved(client, world, decided_on, message):
    partner = sign_in(client, make_official(authority=world.partner))
    item = world.plan.items.get(authority=world.partner)
    target = world.plan.drawn.exclude(results__item=item).first()
    response = partner.post(
        result_path(world.plan, target, item),
        {"category": "no_problem", "decided_on": decided_on.isoformat()},
    )
    shows(response, zh(message), status=400)
    assert not InspectionResult.objects.filter(drawn=target, item=item).exists()


def test_result_steps_refused_in_the_wrong_state(client, world):
    partner = sign_in(client, make_official(authority=world.partner))
    draft_result, withdrawn = world.draft, world.withdrawn
    logged = log_size()
    # A second result for the same entity and item.
    response = partner.post(
        result_path(world.plan, draft_result.drawn, draft_result.item),
        {"category": "no_problem", "decided_on": "2025-10-09"},
        follow=True,
    )
    shows(
        response,
        zh("This entity already has a result for this item; correct it instead."),
    )
    # Withdrawing or correcting a draft; publishing a withdrawn result.
    response = partner.post(
        result_path(world.plan, draft_result.drawn, draft_result.item, "withdraw/"),
        {"withdrawal_reason": "recorded_in_error"},
        follow=True,
    )
    shows(response, zh("Only a published result can be withdrawn."))
    response = partner.post(
        result_path(world.plan, draft_result.drawn, draft_result.item, "correct/"),
        {
            "category": "other",
            "decided_on": "2025-10-09",
            "reason": "更正。",
        },
        follow=True,
    )
    shows(response, zh("Only a published result can be corrected."))
    response = partner.post(
        result_path(world.plan, withdrawn.drawn, withdrawn.item, "publish/"),
        follow=True,
    )
    shows(response, zh("This result is already published."))
    draft_result.refresh_from_db()
    withdrawn.refresh_from_db()
    assert draft_result.state == ResultState.DRAFT
    assert withdrawn.state == ResultState.WITHDRAWN
    assert log_size() == logged


def test_a_correction_must_change_something_and_say_why(lead, world):
    result = world.on_time
    url = result_path(world.plan, result.drawn, result.item, "correct/")
    same = {
        "category": result.category,
        "decided_on": result.decided_on.isoformat(),
        "details": result.details,
    }
    response = lead.post(url, {**same, "reason": "复核。"})
    shows(
        response,
        zh("Nothing was changed, so there is nothing to correct."),
        status=400,
    )
    response = lead.post(url, {**same, "category": "other"})
    assert response.status_code == 400
    assert response.context["correct_form"].errors["reason"]
    result.refresh_from_db()
    assert (result.version, result.state) == (1, ResultState.PUBLISHED)


def test_a_withdrawal_needs_its_reason(lead, world):
    result = world.on_time
    response = lead.post(
        result_path(world.plan, result.drawn, result.item, "withdraw/"),
        {"note": "x"},
    )
    assert response.status_code == 400
    assert response.context["withdraw_form"].errors["withdrawal_reason"]
    result.refresh_from_db()
    assert result.state == ResultState.PUBLISHED


def test_a_plan_with_results_missing_stays_open(lead, world):
    response = lead.post(f"{BASE}{world.plan.pk}/close/", follow=True)
    words = zh("%(missing)d results are not yet published; the plan stays open.")
    shows(response, words.replace("%(missing)d", "2"))
    world.plan.refresh_from_db()
    assert world.plan.state == PlanState.DRAWN


def test_only_a_drawn_plan_closes(lead, world):
    response = lead.post(f"{BASE}{world.committed.pk}/close/", follow=True)
    shows(response, zh("Only a drawn plan can be closed."))
    world.committed.refresh_from_db()
    assert world.committed.state == PlanState.COMMITTED


def test_refusals_read_in_english_under_en(lead, world):
    response = lead.post(f"/en{BASE}{world.committed.pk}/close/", follow=True)
    shows(response, "Only a drawn plan can be closed.")
    plan = draft(world, items=0, sizes={"all": 1})
    refused = lead.post(f"/en{BASE}{plan.pk}/commit/", follow=True)
    shows(refused, "Add at least one inspection item first.")
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT
