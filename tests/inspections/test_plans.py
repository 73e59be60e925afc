"""Draft plans: their terms are validated, and only the lead shapes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from portal.inspections import selectors
from portal.inspections.exceptions import NotPermitted
from portal.inspections.services import add_item, create_plan, set_sample_sizes
from tests.factories import make_inspection_plan

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_team_has_at_least_two_inspectors(world):
    with pytest.raises(ValidationError) as error:
        make_inspection_plan(authority=world.lead, team_size=1)
    assert "team_size" in error.value.message_dict


def test_the_schedule_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError) as error:
        make_inspection_plan(
            authority=world.lead, starts_on=D(2026, 5, 1), ends_on=D(2026, 4, 1)
        )
    assert "ends_on" in error.value.message_dict


def test_the_public_value_must_be_named(world):
    with pytest.raises(ValidationError) as error:
        create_plan(
            authority=world.lead,
            number="杭市监抽〔2026〕9号",
            title="抽查",
            starts_on=D(2026, 3, 1),
            ends_on=D(2026, 4, 1),
            public_value_source=" ",
        )
    assert "public_value_source" in error.value.message_dict


def test_a_number_is_unique_within_an_authority(world):
    make_inspection_plan(authority=world.lead, number="杭市监抽〔2026〕1号")
    with pytest.raises(ValidationError):
        make_inspection_plan(authority=world.lead, number="杭市监抽〔2026〕1号")
    make_inspection_plan(authority=world.stranger, number="杭市监抽〔2026〕1号")


def test_a_stratum_label_must_be_publishable(world):
    with pytest.raises(ValidationError):
        make_inspection_plan(authority=world.lead, sizes={"上城区": 1})


def test_only_the_lead_adds_items_and_sizes(world, plan):
    with pytest.raises(NotPermitted):
        add_item(authority=world.partner, plan=plan, title="x", legal_basis="y")
    with pytest.raises(NotPermitted):
        set_sample_sizes(authority=world.stranger, plan=plan, sizes={"all": 1})


def test_an_item_belongs_to_an_authority_of_the_plan(world, plan):
    add_item(
        authority=world.lead,
        plan=plan,
        title="纳税检查",
        legal_basis="税收征收管理法",
        responsible=world.partner,
    )
    with pytest.raises(ValidationError):
        add_item(
            authority=world.lead,
            plan=plan,
            title="x",
            legal_basis="y",
            responsible=world.stranger,
        )


def test_each_authority_sees_the_plans_it_takes_part_in(world, plan):
    assert list(selectors.plans_of(authority=world.lead)) == [plan]
    assert list(selectors.plans_of(authority=world.partner)) == [plan]
    assert list(selectors.plans_of(authority=world.stranger)) == []
    assert list(selectors.public_plans()) == []


def test_population_preview_by_stratum(world, plan):
    assert selectors.population_preview(plan=plan) == {"330102": 4, "330106": 3}
    one = make_inspection_plan(authority=world.lead, region_prefix="330106")
    assert selectors.population_preview(plan=one) == {"all": 3}
