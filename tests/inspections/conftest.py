"""A small world for random inspections: two districts, three authorities."""

import pathlib
from dataclasses import dataclass

import pytest
from django.utils import translation

from portal.registry.models import Region
from tests.factories import (
    make_authority,
    make_company,
    make_inspection_plan,
    make_inspector,
    make_region,
)


@pytest.fixture(autouse=True)
def _english():
    """Read messages in English here; test_messages.py checks the Chinese."""
    with translation.override("en"):
        yield


@dataclass
class World:
    lead: object
    partner: object
    stranger: object
    entities: list
    inspectors: list


@pytest.fixture
def world(db) -> World:
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
    return World(lead, partner, stranger, entities, inspectors)


@pytest.fixture
def plan(world):
    """A joint draft plan by region: 2 of 4 in 上城区, 1 of 3 in 西湖区."""
    plan = make_inspection_plan(
        authority=world.lead,
        partners=[world.partner],
        region_prefix="3301",
        stratification="region",
        sizes={"330102": 2, "330106": 1},
    )
    return plan


def write_files(plan, directory: pathlib.Path) -> None:
    """Write a plan's published files, as a citizen downloads them."""
    for file in plan.files.all():
        (directory / file.name).write_bytes(bytes(file.content))
