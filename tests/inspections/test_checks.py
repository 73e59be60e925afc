"""Checking a plan's draw on the portal: the stored files, or a reader's copies."""

import pytest
from django.utils import translation

from portal.inspections.checks import check_plan
from portal.inspections.choices import ResultState
from tests.inspections.world import inspection_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return inspection_world()


def test_the_world_holds_results_in_every_state(world):
    assert world.on_time.published_on_time is True
    assert world.late.is_late
    assert world.corrected.state == ResultState.CORRECTED
    assert world.withdrawn.state == ResultState.WITHDRAWN
    assert world.draft.state == ResultState.DRAFT


def test_a_drawn_plan_checks_from_its_stored_files(world):
    report = check_plan(world.plan)
    assert report.matches and report.drawn
    assert [line.key for line in report.steps] == [
        "hash",
        "hash",
        "hash",
        "hash",
        "commitment",
        "seed",
        "recomputed",
        "recomputed",
    ]


def test_a_committed_plan_checks_its_pools_only(world):
    report = check_plan(world.committed)
    assert report.matches and not report.drawn
    assert {line.key for line in report.steps} == {"hash"}


def test_a_readers_altered_copy_is_named_in_their_language(world):
    entities = bytes(world.plan.files.get(name="entities.csv").content)
    tampered = entities.replace(b"330102,", b"330106,", 1)
    with translation.override("zh-hans"):
        report = check_plan(world.plan, {"entities.csv": tampered})
    assert not report.matches
    assert report.replaced == ["entities.csv"]
    assert report.problem.key == "hash"
    assert report.problem.english == "entities.csv: SHA-256 differs from plan.json"
    assert "entities.csv" in report.problem.text
    assert report.problem.text != report.problem.english


def test_a_readers_own_plan_json_must_fix_the_same_draw(world):
    other = bytes(world.committed.files.get(name="plan.json").content)
    report = check_plan(world.plan, {"plan.json": other})
    assert not report.matches
    assert report.problem.key == "hash"


def test_files_not_in_the_specification_are_ignored(world):
    report = check_plan(world.plan, {"../etc/passwd": b"x"})
    assert report.matches and report.replaced == []
