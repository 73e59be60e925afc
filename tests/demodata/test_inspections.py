"""The demo's random inspections: every draw verifies, recusal holds, runs repeat."""

import datetime
import hashlib
import json
import pathlib
import re
import shutil
import subprocess

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from portal.core.models import ChangeLogEntry
from portal.demodata.entities import years_before
from portal.disclosures.models import Penalty
from portal.inspections import verify_draw
from portal.inspections.choices import PlanState, ResultState
from portal.inspections.models import (
    DeclaredConflict,
    InspectionPlan,
    InspectionResult,
    Inspector,
    TeamMember,
)
from tests.demodata.test_demo_data import delete_generated

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)
# Enough entities for every kind of plan the demo makes, few enough to be quick.
ENTITIES = 400
SCRIPT = pathlib.Path(verify_draw.__file__)
# The system's interpreter, not the project's: the script needs nothing else.
PYTHON = shutil.which("python3", path="/usr/bin:/bin") or shutil.which("python3")
LOTTERY_DAY = re.compile(r"（(\d{4})年(\d{1,2})月(\d{1,2})日开奖）")


def _generate(seed=7):
    call_command(
        "demo_data",
        entities=ENTITIES,
        seed=seed,
        today=TODAY.isoformat(),
        verbosity=0,
    )


def _drawn_plans():
    return list(
        InspectionPlan.objects.filter(
            state__in=[PlanState.DRAWN, PlanState.CLOSED]
        ).order_by("number")
    )


def _write(plan, directory: pathlib.Path) -> pathlib.Path:
    directory.mkdir()
    for file in plan.files.all():
        (directory / file.name).write_bytes(bytes(file.content))
    return directory


def _verify(directory: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        # -I -S: no environment, user site or site-packages; the standard
        # library only, as a journalist's bare Python has.
        [PYTHON, "-I", "-S", str(SCRIPT), str(directory)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _rehash(directory: pathlib.Path, name: str) -> None:
    """Update plan.json's hash of `name`, as someone hiding a change would."""
    plan = json.loads((directory / "plan.json").read_bytes())
    plan["files"][name] = hashlib.sha256((directory / name).read_bytes()).hexdigest()
    (directory / "plan.json").write_bytes(verify_draw.plan_json(plan))


@pytest.mark.skipif(PYTHON is None, reason="no system python3 to run the script")
def test_the_standalone_script_reproduces_every_draw_and_catches_tampering(
    tmp_path,
):
    _generate()
    plans = _drawn_plans()
    assert len(plans) >= 5
    for index, plan in enumerate(plans):
        done = _verify(_write(plan, tmp_path / f"plan{index}"))
        assert done.returncode == 0, (plan.number, done.stderr)
        assert "OK" in done.stdout

    plan = plans[0]
    drawn_code = plan.drawn.order_by("position").first().entity.key

    # A drawn entity's code changed in the pool, the hash left: the file fails.
    pool = _write(plan, tmp_path / "pool")
    entities = (pool / "entities.csv").read_text("utf-8")
    (pool / "entities.csv").write_text(
        entities.replace(drawn_code, drawn_code[:-1] + "X"), "utf-8"
    )
    done = _verify(pool)
    assert done.returncode == 1 and "entities.csv" in done.stderr
    # The same with the hash in plan.json updated: the draw no longer matches.
    _rehash(pool, "entities.csv")
    done = _verify(pool)
    assert done.returncode == 1 and "MISMATCH" in done.stderr

    # Another public value in draw.json: the seed is no longer derived from it.
    seed = _write(plan, tmp_path / "seed")
    draw = json.loads((seed / "draw.json").read_bytes())
    draw["public_value"] = "999" if draw["public_value"] != "999" else "998"
    (seed / "draw.json").write_bytes(verify_draw.plan_json(draw))
    done = _verify(seed)
    assert done.returncode == 1 and "seed" in done.stderr

    # A sample size lowered, plan.json's hash updated: drawn.csv differs.
    sizes = _write(plan, tmp_path / "sizes")
    rows = (sizes / "sizes.csv").read_text("utf-8").split("\n")
    stratum, size = next(
        row.split(",") for row in rows[1:] if row and int(row.split(",")[1]) > 0
    )
    rows[rows.index(f"{stratum},{size}")] = f"{stratum},{int(size) - 1}"
    (sizes / "sizes.csv").write_text("\n".join(rows), "utf-8")
    _rehash(sizes, "sizes.csv")
    done = _verify(sizes)
    assert done.returncode == 1 and "drawn.csv" in done.stderr


def _dump():
    """Return the inspections by natural keys (no database ids)."""
    plans = []
    for plan in InspectionPlan.objects.order_by("authority__uscc", "number"):
        files = {f.name: f.sha256 for f in plan.files.all()}
        # inspectors.csv names units by their database id (a12), and plan.json
        # holds its hash: both differ between two databases, all else must not.
        files.pop("inspectors.csv", None)
        files.pop("plan.json", None)
        plans.append(
            (
                plan.authority.uscc,
                plan.number,
                plan.title,
                plan.state,
                sorted(plan.partners.values_list("uscc", flat=True)),
                plan.region_prefix,
                plan.category,
                plan.stratification,
                plan.team_size,
                plan.starts_on,
                plan.ends_on,
                plan.public_value_source,
                plan.commitment,
                plan.public_value,
                plan.seed,
                plan.committed_at,
                plan.drawn_at,
                list(plan.strata.values_list("label", "size")),
                list(plan.items.values_list("title", "legal_basis", "authority__uscc")),
                list(
                    plan.drawn.order_by("position").values_list(
                        "entity__key", "stratum", "rank"
                    )
                ),
                list(
                    TeamMember.objects.filter(drawn__plan=plan)
                    .order_by("drawn__position", "position")
                    .values_list("drawn__entity__key", "inspector__code")
                ),
                files,
            )
        )
    results = list(
        InspectionResult.objects.order_by(
            "drawn__plan__number", "drawn__entity__key", "item__order"
        ).values_list(
            "drawn__plan__number",
            "drawn__entity__key",
            "item__title",
            "category",
            "details",
            "decided_on",
            "state",
            "version",
            "published_at",
            "withdrawn_at",
        )
    )
    inspectors = list(
        Inspector.objects.order_by("code").values_list(
            "code", "name", "authority__uscc"
        )
    )
    conflicts = list(
        DeclaredConflict.objects.order_by("inspector__code").values_list(
            "inspector__code", "entity__key", "note"
        )
    )
    return plans, results, inspectors, conflicts


def test_the_same_seed_gives_the_same_plans_commitments_and_draws():
    _generate()
    first = _dump()
    assert first[0] and first[1] and first[2]
    delete_generated()
    _generate()
    assert _dump() == first


def _value_day(plan) -> datetime.date:
    match = LOTTERY_DAY.search(plan.public_value_source) or re.search(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日上证综合指数", plan.public_value_source
    )
    return datetime.date(*map(int, match.groups()))


def _assert_public_values_come_after_the_commitments():
    for plan in InspectionPlan.objects.exclude(state=PlanState.DRAFT):
        day = _value_day(plan)
        assert timezone.localdate(plan.committed_at) < day
        if plan.state == PlanState.COMMITTED:
            assert day > TODAY  # the value does not exist yet
            assert not plan.public_value and not plan.drawn.exists()
        else:
            assert day < timezone.localdate(plan.drawn_at) <= TODAY
            if "开奖号码" in plan.public_value_source:
                assert re.fullmatch(r"\d{3}", plan.public_value)
            else:
                assert re.fullmatch(r"\d{4}\.\d{2}", plan.public_value)
        assert re.fullmatch(r"[^〔]+抽〔\d{4}〕\d+号", plan.number)


def test_every_state_results_mostly_on_time_values_after_commitments():
    _generate()
    states = set(InspectionPlan.objects.values_list("state", flat=True))
    assert states == {
        PlanState.DRAFT,
        PlanState.COMMITTED,
        PlanState.DRAWN,
        PlanState.CLOSED,
    }
    assert InspectionPlan.objects.filter(partners__isnull=False).exists()
    assert InspectionPlan.objects.filter(partners__isnull=True).count() > (
        InspectionPlan.objects.filter(partners__isnull=False).distinct().count()
    )

    published = InspectionResult.objects.exclude(published_at=None)
    late = sum(result.is_late for result in published)
    on_time = sum(result.published_on_time for result in published)
    assert on_time > 5 * late > 0
    for result in published:
        assert result.decided_on <= result.published_on <= TODAY

    corrected = InspectionResult.objects.filter(state=ResultState.CORRECTED)
    assert corrected.exists()
    for result in corrected:
        assert result.version == 2 and result.versions.count() == 1
        entry = ChangeLogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(InspectionResult),
            object_id=result.pk,
            action=ChangeLogEntry.Action.CORRECT,
        )
        assert entry.reason
    withdrawn = InspectionResult.objects.get(state=ResultState.WITHDRAWN)
    assert withdrawn.withdrawal_reason and withdrawn.withdrawal_note
    assert withdrawn.published_at <= withdrawn.withdrawn_at

    for plan in InspectionPlan.objects.filter(state=PlanState.CLOSED):
        results = InspectionResult.objects.filter(drawn__plan=plan)
        assert results.count() == plan.drawn.count() * plan.items.count()
        assert not results.filter(state=ResultState.DRAFT).exists()
    # Open plans show work in progress: results not published yet.
    assert InspectionResult.objects.filter(
        state=ResultState.DRAFT, drawn__plan__state=PlanState.DRAWN
    ).exists()
    _assert_public_values_come_after_the_commitments()


def test_recusal_holds_in_every_draw():
    _generate()
    declared = set(DeclaredConflict.objects.values_list("inspector_id", "entity_id"))
    assert declared
    own_unit_pairs = declared_pairs = 0
    for plan in _drawn_plans():
        since = years_before(timezone.localdate(plan.committed_at), 3)
        cases = set(
            Penalty.objects.filter(decided_on__gte=since).values_list(
                "authority_id", "entity_id"
            )
        )
        members = TeamMember.objects.filter(drawn__plan=plan).select_related(
            "inspector", "drawn"
        )
        assert members.count() == plan.drawn.count() * plan.team_size
        for member in members:
            pair = (member.inspector.authority_id, member.drawn.entity_id)
            assert (member.inspector_id, member.drawn.entity_id) not in declared
            assert pair not in cases, (plan.number, member.inspector.code)
        recusals = json.loads(bytes(plan.files.get(name="plan.json").content))[
            "recusals"
        ]
        own_unit_pairs += recusals["own_unit_cases"]
        declared_pairs += recusals["declared"]
    # The rules had something to do: pools held pairs each of them barred.
    assert own_unit_pairs and declared_pairs
