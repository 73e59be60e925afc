"""Freezing, committing and drawing through the services, as a citizen verifies."""

import hashlib
import json
import shutil
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError

from portal.inspections import verify_draw
from portal.inspections.choices import PlanState
from portal.inspections.exceptions import InspectionError, NotPermitted
from portal.inspections.models import DrawnEntity, PlanSecret, TeamMember
from portal.inspections.services import (
    declare_conflict,
    enter_public_value_and_draw,
    freeze_and_commit,
    set_sample_sizes,
)
from tests.factories import make_inspection_plan, make_inspector
from tests.inspections.conftest import write_files

pytestmark = pytest.mark.django_db
PUBLIC_VALUE = "福彩3D第2026060期开奖号码 5 8 2"
EVERYONE = {"330102": 4, "330106": 3}  # every entity drawn: recusal is tested on each


def _file(plan, name) -> bytes:
    return bytes(plan.files.get(name=name).content)


class TestCommit:
    def test_publishes_the_pool_files_and_commitment(self, world, plan):
        plan = freeze_and_commit(authority=world.lead, plan=plan)
        assert plan.state == PlanState.COMMITTED
        entities = _file(plan, "entities.csv").decode().splitlines()
        assert entities[0] == "stratum,code"
        assert entities[1:] == sorted(
            f"{e.region.code},{e.key}" for e in world.entities
        )
        inspectors = _file(plan, "inspectors.csv").decode().splitlines()
        assert inspectors[1:] == sorted(
            f"{i.code},a{i.authority_id}" for i in world.inspectors
        )
        assert _file(plan, "sizes.csv") == b"stratum,size\n330102,2\n330106,1\n"
        manifest = json.loads(_file(plan, "plan.json"))
        assert manifest["commitment"] == plan.commitment
        assert manifest["team_size"] == 2
        assert manifest["recusals"] == {"declared": 0, "own_unit_cases": 0}
        for name in verify_draw.POOL_FILES:
            assert (
                manifest["files"][name] == hashlib.sha256(_file(plan, name)).hexdigest()
            )
            assert plan.files.get(name=name).sha256 == manifest["files"][name]
        secret = PlanSecret.objects.get(plan=plan).value
        assert len(secret) == 64 and int(secret, 16) >= 0
        assert plan.commitment == hashlib.sha256(secret.encode()).hexdigest()
        assert not plan.files.filter(name="draw.json").exists()

    def test_only_the_lead_commits(self, world, plan):
        with pytest.raises(NotPermitted):
            freeze_and_commit(authority=world.partner, plan=plan)
        with pytest.raises(NotPermitted):
            freeze_and_commit(authority=world.stranger, plan=plan)

    def test_needs_an_item(self, world):
        plan = make_inspection_plan(authority=world.lead, items=0, sizes={"all": 1})
        with pytest.raises(InspectionError, match="inspection item"):
            freeze_and_commit(authority=world.lead, plan=plan)

    def test_sizes_cannot_exceed_a_stratum(self, world, plan):
        set_sample_sizes(
            authority=world.lead, plan=plan, sizes={"330102": 5, "330106": 1}
        )
        with pytest.raises(InspectionError, match="330102"):
            freeze_and_commit(authority=world.lead, plan=plan)

    def test_every_stratum_needs_a_size(self, world, plan):
        set_sample_sizes(authority=world.lead, plan=plan, sizes={"330102": 1})
        with pytest.raises(InspectionError, match="330106"):
            freeze_and_commit(authority=world.lead, plan=plan)

    def test_too_few_inspectors_for_a_team(self, world):
        plan = make_inspection_plan(
            authority=world.partner, team_size=2, sizes={"all": 1}
        )
        with pytest.raises(
            InspectionError, match="teams of 2; its authorities have 1 active"
        ):
            freeze_and_commit(authority=world.partner, plan=plan)
        plan.refresh_from_db()
        assert plan.state == PlanState.DRAFT
        assert not plan.files.exists()

    def test_frozen_pool_ignores_later_entities(self, world, plan):
        freeze_and_commit(authority=world.lead, plan=plan)
        before = _file(plan, "entities.csv")
        from tests.factories import make_company

        make_company(region=world.entities[0].region)
        with pytest.raises(InspectionError):
            freeze_and_commit(authority=world.lead, plan=plan)
        assert _file(plan, "entities.csv") == before

    def test_sizes_are_frozen_after_commit(self, world, plan):
        freeze_and_commit(authority=world.lead, plan=plan)
        with pytest.raises(InspectionError, match="committed"):
            set_sample_sizes(authority=world.lead, plan=plan, sizes={"330102": 1})


class TestRecusal:
    def test_declared_conflict_is_never_assigned(self, world, plan):
        inspector, entity = world.inspectors[0], world.entities[0]
        declare_conflict(authority=world.lead, inspector=inspector, entity=entity)
        set_sample_sizes(authority=world.lead, plan=plan, sizes=EVERYONE)
        freeze_and_commit(authority=world.lead, plan=plan)
        conflicts = _file(plan, "conflicts.csv").decode().splitlines()
        assert conflicts == ["inspector,code", f"{inspector.code},{entity.key}"]
        assert json.loads(_file(plan, "plan.json"))["recusals"] == {
            "declared": 1,
            "own_unit_cases": 0,
        }
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="x")
        team = TeamMember.objects.filter(drawn__plan=plan, drawn__entity=entity)
        assert team.count() == 2
        assert not team.filter(inspector=inspector).exists()

    def test_own_units_recent_penalty_bars_its_inspectors(self, world, plan):
        from tests.factories import make_penalty

        entity = world.entities[4]
        make_penalty(entity=entity, authority=world.lead)
        make_inspector(authority=world.partner)  # a team remains: two partners'
        set_sample_sizes(authority=world.lead, plan=plan, sizes=EVERYONE)
        freeze_and_commit(authority=world.lead, plan=plan)
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="7")
        team = TeamMember.objects.filter(drawn__plan=plan, drawn__entity=entity)
        assert team.count() == 2
        assert not team.filter(inspector__authority=world.lead).exists()
        lead_codes = sorted(
            i.code for i in world.inspectors if i.authority == world.lead
        )
        conflicts = _file(plan, "conflicts.csv").decode().splitlines()[1:]
        assert conflicts == [f"{code},{entity.key}" for code in lead_codes]
        recusals = json.loads(_file(plan, "plan.json"))["recusals"]
        assert recusals == {"declared": 0, "own_unit_cases": 3}

    def test_another_units_penalty_does_not_bar(self, world, plan):
        from tests.factories import make_penalty

        make_penalty(entity=world.entities[4], authority=world.stranger)
        freeze_and_commit(authority=world.lead, plan=plan)
        assert _file(plan, "conflicts.csv") == b"inspector,code\n"

    def test_a_penalty_older_than_three_years_does_not_bar(self, world, plan):
        import datetime

        from django.utils import timezone

        from tests.factories import make_penalty

        old = timezone.localdate() - datetime.timedelta(days=3 * 366 + 1)
        make_penalty(entity=world.entities[4], authority=world.lead, decided_on=old)
        freeze_and_commit(authority=world.lead, plan=plan)
        assert _file(plan, "conflicts.csv") == b"inspector,code\n"

    def test_recusal_leaving_too_few_inspectors_is_refused_at_commit(self, world, plan):
        from tests.factories import make_penalty

        # The lead's three inspectors are barred; the partner's one is not a team.
        entity = world.entities[4]
        make_penalty(entity=entity, authority=world.lead)
        declare_conflict(
            authority=world.partner, inspector=world.inspectors[3], entity=entity
        )
        with pytest.raises(InspectionError, match=entity.key):
            freeze_and_commit(authority=world.lead, plan=plan)


class TestDraw:
    @pytest.fixture
    def drawn(self, world, plan):
        freeze_and_commit(authority=world.lead, plan=plan)
        return enter_public_value_and_draw(
            authority=world.lead, plan=plan, public_value=f"  {PUBLIC_VALUE}\n"
        )

    def test_reveals_secret_and_seed(self, drawn):
        draw = json.loads(_file(drawn, "draw.json"))
        secret = PlanSecret.objects.get(plan=drawn).value
        assert draw == {
            "version": "1",
            "secret": secret,
            "public_value": PUBLIC_VALUE,
            "seed": hashlib.sha256(f"v1|{secret}|{PUBLIC_VALUE}".encode()).hexdigest(),
        }
        assert drawn.state == PlanState.DRAWN
        assert drawn.seed == draw["seed"]

    def test_rows_are_the_published_files(self, drawn):
        drawn_rows = [
            f"{d.stratum},{d.entity.key},{d.rank}"
            for d in DrawnEntity.objects.filter(plan=drawn)
        ]
        assert _file(drawn, "drawn.csv").decode().splitlines()[1:] == drawn_rows
        assert len(drawn_rows) == 3
        team_rows = [
            f"{m.drawn.entity.key},{m.inspector.code}"
            for m in TeamMember.objects.filter(drawn__plan=drawn).order_by(
                "drawn__position", "position"
            )
        ]
        assert _file(drawn, "teams.csv").decode().splitlines()[1:] == team_rows
        assert len(team_rows) == 6

    def test_cannot_be_drawn_twice(self, world, drawn):
        with pytest.raises(InspectionError, match="already been drawn"):
            enter_public_value_and_draw(
                authority=world.lead, plan=drawn, public_value="another value"
            )
        assert json.loads(_file(drawn, "draw.json"))["public_value"] == PUBLIC_VALUE

    def test_a_draft_cannot_be_drawn(self, world, plan):
        with pytest.raises(InspectionError, match="Commit"):
            enter_public_value_and_draw(
                authority=world.lead, plan=plan, public_value="1"
            )

    def test_only_the_lead_draws(self, world, plan):
        freeze_and_commit(authority=world.lead, plan=plan)
        with pytest.raises(NotPermitted):
            enter_public_value_and_draw(
                authority=world.partner, plan=plan, public_value="1"
            )

    def test_empty_public_value_is_refused(self, world, plan):
        freeze_and_commit(authority=world.lead, plan=plan)
        with pytest.raises(ValidationError):
            enter_public_value_and_draw(
                authority=world.lead, plan=plan, public_value=" "
            )

    def test_a_citizen_verifies_it_with_the_standard_library(self, drawn, tmp_path):
        write_files(drawn, tmp_path)
        shutil.copy(verify_draw.__file__, tmp_path / "verify_draw.py")
        done = subprocess.run(
            [sys.executable, "-I", "-S", "verify_draw.py", "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "teams.csv: matches" in done.stdout

    def test_pool_files_never_change_after_the_draw(self, world, plan):
        freeze_and_commit(authority=world.lead, plan=plan)
        before = {f.name: f.sha256 for f in plan.files.all()}
        enter_public_value_and_draw(authority=world.lead, plan=plan, public_value="1")
        after = {f.name: f.sha256 for f in plan.files.all()}
        assert {name: after[name] for name in before} == before

    def test_the_draw_depends_on_the_public_value(self, world):
        results = set()
        for value in ("1", "2", "3", "4"):
            plan = make_inspection_plan(authority=world.lead, sizes={"all": 2})
            freeze_and_commit(authority=world.lead, plan=plan)
            enter_public_value_and_draw(
                authority=world.lead, plan=plan, public_value=value
            )
            results.add(_file(plan, "drawn.csv"))
        assert len(results) > 1


def test_an_inactive_inspector_is_not_in_the_pool(world, plan):
    world.inspectors[0].active = False
    world.inspectors[0].save()
    freeze_and_commit(authority=world.lead, plan=plan)
    assert world.inspectors[0].code not in _file(plan, "inspectors.csv").decode()
