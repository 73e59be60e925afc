"""Freezing a plan's pools behind a commitment, and drawing with the public value.

The files are built with the functions of portal/inspections/verify_draw.py,
the same ones anyone runs to check the draw, and the draw reads its pools
back from the published bytes, so what was published is what was drawn.
"""

import datetime
import secrets
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.inspections import pools as pool_rules
from portal.inspections import verify_draw
from portal.inspections.choices import FileName, PlanState
from portal.inspections.exceptions import InspectionError
from portal.inspections.models import (
    DrawnEntity,
    FrozenFile,
    InspectionPlan,
    Inspector,
    PlanSecret,
    TeamMember,
)
from portal.inspections.services.common import Action, locked, log, require_lead
from portal.inspections.signals import plan_changed
from portal.registry.models import Authority, Entity


def new_secret() -> str:
    """Return a fresh secret: 32 random bytes as hex."""
    return secrets.token_hex(32)


def _publish(plan, name: str, content: bytes) -> FrozenFile:
    return FrozenFile.objects.create(
        plan=plan,
        name=name,
        content=content,
        sha256=verify_draw.sha256_hex(content),
    )


def _checked_sizes(plan, pools) -> dict[str, int]:
    counts: dict[str, int] = {}
    for stratum, _code in pools.entities:
        counts[stratum] = counts.get(stratum, 0) + 1
    declared = dict(plan.strata.values_list("label", "size"))
    missing = sorted(set(counts) - set(declared))
    if missing:
        raise InspectionError(
            _("Give a sample size for each stratum of the pool: %(strata)s.")
            % {"strata": ", ".join(missing)}
        )
    for label, size in sorted(declared.items()):
        if size > counts.get(label, 0):
            raise InspectionError(
                _(
                    "Stratum %(label)s has %(count)d entities, fewer than its sample "
                    "size %(size)d."
                )
                % {"label": label, "count": counts.get(label, 0), "size": size}
            )
    sizes = {label: declared[label] for label in counts}
    if not sum(sizes.values()):
        raise InspectionError(_("The sample sizes add up to no entity at all."))
    return sizes


def _check_teams(plan, pools) -> None:
    inspectors = len(pools.inspectors)
    if inspectors < plan.team_size:
        raise InspectionError(
            _(
                "The plan needs teams of %(size)d; its authorities have "
                "%(count)d active inspectors."
            )
            % {"size": plan.team_size, "count": inspectors}
        )
    barred: dict[str, int] = {}
    for _inspector, code in pools.conflicts:
        barred[code] = barred.get(code, 0) + 1
    # Refused now rather than at the draw: a plan committed to a draw that
    # cannot be made could never be drawn.
    for code, count in sorted(barred.items()):
        if inspectors - count < plan.team_size:
            raise InspectionError(
                _(
                    "Entity %(code)s has %(free)d inspectors without a conflict; "
                    "teams need %(size)d."
                )
                % {"code": code, "free": inspectors - count, "size": plan.team_size}
            )


def _check_codes(pools) -> None:
    for row in pools.entities + pools.inspectors:
        for value in row:
            try:
                verify_draw.check_code(value, "code")
            except ValueError as error:
                raise InspectionError(
                    _("%(value)s cannot be published as a code.") % {"value": value}
                ) from error


@transaction.atomic
def freeze_and_commit(
    *,
    authority: Authority,
    actor=None,
    plan: InspectionPlan,
    at: datetime.datetime | None = None,
    make_secret: Callable[[], str] = new_secret,
) -> InspectionPlan:
    """Freeze the pools, publish them and the commitment to a new secret.

    `at` is when it happens (now unless given: demo data and imports of past
    plans pass theirs); `make_secret` makes the secret (tests and the demo
    data pass a seeded one, so that their draws are reproducible).
    """
    at = at or timezone.now()
    plan = locked(plan)
    require_lead(plan, authority)
    if plan.state != PlanState.DRAFT:
        raise InspectionError(_("This plan is already committed."))
    if not plan.items.exists():
        raise InspectionError(_("Add at least one inspection item first."))
    pools = pool_rules.freeze(plan, today=timezone.localdate(at))
    if not pools.entities:
        raise InspectionError(_("The plan's population has no entities."))
    _check_codes(pools)
    sizes = _checked_sizes(plan, pools)
    _check_teams(plan, pools)

    files = {
        FileName.ENTITIES: verify_draw.format_csv("entities.csv", pools.entities),
        FileName.INSPECTORS: verify_draw.format_csv("inspectors.csv", pools.inspectors),
        FileName.CONFLICTS: verify_draw.format_csv("conflicts.csv", pools.conflicts),
        FileName.SIZES: verify_draw.format_csv("sizes.csv", sorted(sizes.items())),
    }
    secret = make_secret()
    if not verify_draw.SECRET_PATTERN.fullmatch(secret):
        raise ValueError("A secret is 64 lowercase hexadecimal characters.")
    PlanSecret.objects.create(plan=plan, value=secret)
    plan.commitment = verify_draw.commitment_of(secret)
    for name, content in files.items():
        _publish(plan, name, content)
    plan_file = verify_draw.plan_json(
        {
            "version": verify_draw.VERSION,
            "plan": plan.number,
            "team_size": plan.team_size,
            "commitment": plan.commitment,
            "public_value_source": plan.public_value_source,
            "files": {
                name: verify_draw.sha256_hex(content) for name, content in files.items()
            },
            "recusals": pools.recusals,
        }
    )
    _publish(plan, FileName.PLAN, plan_file)
    plan.state = PlanState.COMMITTED
    plan.committed_at = at
    plan.save()
    log(
        plan,
        action=Action.PUBLISH,
        actor=actor,
        changes={
            "state": [PlanState.DRAFT, PlanState.COMMITTED],
            "commitment": [None, plan.commitment],
        },
    )
    plan_changed.send(sender=InspectionPlan, plan=plan)
    return plan


def _read_secret(plan) -> str:
    # The only read of a secret: the draw that reveals it.
    return PlanSecret.objects.get(plan=plan).value


def _normalised(value: str) -> str:
    value = verify_draw.normalise_public_value(value or "")
    if not value:
        raise ValidationError({"public_value": _("Enter the public value.")})
    if len(value) > 300 or not value.isprintable():
        raise ValidationError(
            {"public_value": _("Enter the public value as one line of text.")}
        )
    return value


@transaction.atomic
def enter_public_value_and_draw(
    *,
    authority: Authority,
    actor=None,
    plan: InspectionPlan,
    public_value: str,
    at: datetime.datetime | None = None,
) -> InspectionPlan:
    """Enter the public value, reveal the secret and make the draw, once."""
    at = at or timezone.now()
    plan = locked(plan)
    require_lead(plan, authority)
    if plan.state != PlanState.COMMITTED:
        if plan.state == PlanState.DRAFT:
            raise InspectionError(_("Commit the plan before drawing."))
        raise InspectionError(_("This plan has already been drawn."))
    value = _normalised(public_value)
    secret = _read_secret(plan)
    seed = verify_draw.seed_from(secret, value)
    published = {f.name: bytes(f.content) for f in plan.files.all()}
    entities = verify_draw.parse_csv("entities.csv", published[FileName.ENTITIES])
    inspectors = verify_draw.parse_csv("inspectors.csv", published[FileName.INSPECTORS])
    conflicts = verify_draw.parse_csv("conflicts.csv", published[FileName.CONFLICTS])
    sizes = {
        stratum: int(size)
        for stratum, size in verify_draw.parse_csv(
            "sizes.csv", published[FileName.SIZES]
        )
    }
    try:
        drawn = verify_draw.draw(seed=seed, entities=entities, sizes=sizes)
        teams = verify_draw.assign_teams(
            seed=seed,
            drawn=drawn,
            inspectors=[code for code, _unit in inspectors],
            conflicts=conflicts,
            team_size=plan.team_size,
        )
    except verify_draw.DrawError as error:
        raise InspectionError(
            _("The draw cannot be made: %(error)s") % {"error": error}
        ) from error

    _publish(
        plan,
        FileName.DRAW,
        verify_draw.plan_json(
            {
                "version": verify_draw.VERSION,
                "secret": secret,
                "public_value": value,
                "seed": seed,
            }
        ),
    )
    _publish(plan, FileName.DRAWN, verify_draw.format_csv("drawn.csv", drawn))
    _publish(plan, FileName.TEAMS, verify_draw.format_csv("teams.csv", teams))
    _store_rows(plan, drawn, teams)
    plan.public_value, plan.seed = value, seed
    plan.state = PlanState.DRAWN
    plan.drawn_at = at
    plan.save()
    log(
        plan,
        action=Action.UPDATE,
        actor=actor,
        changes={
            "state": [PlanState.COMMITTED, PlanState.DRAWN],
            "public_value": [None, value],
            "seed": [None, seed],
        },
    )
    plan_changed.send(sender=InspectionPlan, plan=plan)
    return plan


def _store_rows(plan, drawn, teams) -> None:
    entity_ids = dict(
        Entity.objects.filter(key__in=[code for _s, code, _r in drawn]).values_list(
            "key", "pk"
        )
    )
    inspector_ids = dict(
        Inspector.objects.filter(code__in={i for _c, i in teams}).values_list(
            "code", "pk"
        )
    )
    rows = DrawnEntity.objects.bulk_create(
        DrawnEntity(
            plan=plan,
            entity_id=entity_ids[code],
            stratum=stratum,
            rank=rank,
            position=position,
        )
        for position, (stratum, code, rank) in enumerate(drawn, start=1)
    )
    by_code = {row.entity_id: row for row in rows}
    by_key = {code: by_code[pk] for code, pk in entity_ids.items()}
    positions: dict[str, int] = {}
    members = []
    for code, inspector in teams:
        positions[code] = positions.get(code, 0) + 1
        members.append(
            TeamMember(
                drawn=by_key[code],
                inspector_id=inspector_ids[inspector],
                position=positions[code],
            )
        )
    TeamMember.objects.bulk_create(members)
