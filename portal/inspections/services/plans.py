"""A plan while it is a draft: its terms, items and sample sizes; and closing it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.inspections.choices import PlanState, ResultState
from portal.inspections.exceptions import InspectionError
from portal.inspections.models import (
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    PlanStratum,
)
from portal.inspections.services.common import (
    Action,
    locked,
    log,
    require_draft,
    require_lead,
)
from portal.inspections.signals import plan_changed
from portal.registry.models import Authority


@transaction.atomic
def create_plan(
    *,
    authority: Authority,
    actor=None,
    number: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    public_value_source: str,
    partners=(),
    region_prefix: str = "",
    category: str = "",
    stratification: str = "all",
    team_size: int = 2,
    sizes: dict[str, int] | None = None,
) -> InspectionPlan:
    """Save a draft plan led by the authority, with any partners and sizes."""
    partners = [p for p in partners if p.pk != authority.pk]
    plan = InspectionPlan(
        authority=authority,
        number=(number or "").strip(),
        title=(title or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        public_value_source=(public_value_source or "").strip(),
        region_prefix=region_prefix,
        category=category,
        stratification=stratification,
        team_size=team_size,
    )
    plan.full_clean()
    plan.save()
    plan.partners.set(partners)
    if sizes:
        _replace_sizes(plan, sizes)
    log(plan, action=Action.CREATE, actor=actor)
    return plan


@transaction.atomic
def add_item(
    *,
    authority: Authority,
    actor=None,
    plan: InspectionPlan,
    title: str,
    legal_basis: str,
    responsible: Authority | None = None,
) -> InspectionItem:
    """Add an inspection item, with its legal basis, to a draft plan."""
    plan = locked(plan)
    require_lead(plan, authority)
    require_draft(plan)
    responsible = responsible or authority
    if not plan.involves(responsible):
        raise ValidationError(
            {"authority": _("The responsible authority must take part in the plan.")}
        )
    item = InspectionItem(
        plan=plan,
        authority=responsible,
        title=(title or "").strip(),
        legal_basis=(legal_basis or "").strip(),
        order=plan.items.count() + 1,
    )
    item.full_clean()
    item.save()
    log(plan, action=Action.UPDATE, actor=actor, changes={"items": [None, item.title]})
    return item


def _replace_sizes(plan, sizes: dict[str, int]) -> None:
    plan.strata.all().delete()
    for label, size in sorted(sizes.items()):
        if not isinstance(size, int) or size < 0:
            raise ValidationError(
                {"sizes": _("A sample size is a whole number, 0 or more.")}
            )
        stratum = PlanStratum(plan=plan, label=str(label), size=size)
        stratum.full_clean(exclude=["plan"])
        stratum.save()


@transaction.atomic
def set_sample_sizes(
    *, authority: Authority, actor=None, plan: InspectionPlan, sizes: dict[str, int]
) -> InspectionPlan:
    """Replace a draft plan's sample sizes ({stratum label: size})."""
    plan = locked(plan)
    require_lead(plan, authority)
    require_draft(plan)
    before = dict(plan.strata.values_list("label", "size"))
    _replace_sizes(plan, sizes)
    log(plan, action=Action.UPDATE, actor=actor, changes={"sizes": [before, sizes]})
    return plan


@transaction.atomic
def close_plan(
    *,
    authority: Authority,
    actor=None,
    plan: InspectionPlan,
    at: datetime.datetime | None = None,
):
    """Close a drawn plan (now, or `at`) once every drawn entity has a result
    for every item."""
    plan = locked(plan)
    require_lead(plan, authority)
    if plan.state != PlanState.DRAWN:
        raise InspectionError(_("Only a drawn plan can be closed."))
    expected = plan.drawn.count() * plan.items.count()
    done = (
        InspectionResult.objects.filter(drawn__plan=plan)
        .exclude(state=ResultState.DRAFT)
        .count()
    )
    if done < expected:
        raise InspectionError(
            _("%(missing)d results are not yet published; the plan stays open.")
            % {"missing": expected - done}
        )
    plan.state = PlanState.CLOSED
    plan.closed_at = at or timezone.now()
    plan.save(update_fields=["state", "closed_at", "updated_at"])
    log(
        plan,
        action=Action.UPDATE,
        actor=actor,
        changes={"state": [PlanState.DRAWN, PlanState.CLOSED]},
    )
    plan_changed.send(sender=InspectionPlan, plan=plan)
    return plan
