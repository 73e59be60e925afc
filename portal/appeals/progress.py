"""Where a case stands for its applicant: its steps, and what comes next."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from portal.appeals import deadlines
from portal.appeals.choices import AppealKind, EventKind, Status

# Each step as the applicant's timeline names it.
STEP_TITLES = {
    EventKind.SUBMITTED: _("Application received"),
    EventKind.ACCEPTED: _("Accepted, being examined"),
    EventKind.MATERIAL_REQUESTED: _("More material asked for"),
    EventKind.MATERIAL_ADDED: _("You sent more material"),
    EventKind.DECIDED: _("Decided"),
}


class Next:
    """What the case waits for."""

    ANSWER = "answer"  # a repair application: accepted, asked, or refused
    DECIDE_OBJECTION = "decide_objection"
    DECIDE_REPAIR = "decide_repair"
    SEND_MATERIAL = "send_material"  # the applicant's turn; the clock is stopped
    CLOSED = "closed"


@dataclass(frozen=True)
class NextStep:
    """What happens next in a case, and by when."""

    step: str
    due_on: datetime.date | None = None
    days_left: int | None = None
    overdue: bool = False
    # Working days the authority has left once the material arrives.
    paused_days: int | None = None


def next_step(appeal, today: datetime.date) -> NextStep:
    """Return what the case waits for, and its deadline counted from today."""
    if appeal.status == Status.DECIDED:
        return NextStep(Next.CLOSED)
    if appeal.status == Status.AWAITING_MATERIAL:
        return NextStep(Next.SEND_MATERIAL, paused_days=appeal.paused_days or 0)
    if appeal.kind == AppealKind.OBJECTION:
        step = Next.DECIDE_OBJECTION
    elif appeal.status == Status.ACCEPTED:
        step = Next.DECIDE_REPAIR
    else:
        step = Next.ANSWER
    if appeal.due_on is None:
        return NextStep(step)
    return NextStep(
        step,
        due_on=appeal.due_on,
        days_left=deadlines.days_left(appeal.due_on, today),
        overdue=appeal.due_on < today,
    )


@dataclass(frozen=True)
class Step:
    """One step of the timeline, with the files sent with it."""

    event: object
    title: str
    files: list


def timeline(appeal) -> list[Step]:
    """Return the case's steps, oldest first, each with its files."""
    events = appeal.events.prefetch_related("evidence")
    return [
        Step(
            event,
            STEP_TITLES.get(event.kind, event.get_kind_display()),
            [*event.evidence.all()],
        )
        for event in events
    ]


def material_request(appeal):
    """Return the latest request for more material, or None."""
    return (
        appeal.events.filter(kind=EventKind.MATERIAL_REQUESTED)
        .order_by("-at", "-pk")
        .first()
    )
