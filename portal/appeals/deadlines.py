"""When a case must be answered, in working days of the official calendar.

The model (docs/appeals.md):

- An objection is decided within `APPEALS_OBJECTION_WORKING_DAYS` (15) working
  days of its receipt.
- A repair application is answered (accepted, or refused, or more material
  asked for) within `APPEALS_REPAIR_ANSWER_WORKING_DAYS` (10) working days of
  its receipt; once accepted, the department decides within
  `APPEALS_REPAIR_DECISION_WORKING_DAYS` (3) working days of the acceptance.
- While the case waits for material the applicant was asked for, the clock
  stops; when the material arrives it restarts with the working days that were
  left.

The day of receipt (or of acceptance, or of the material's arrival) is day 0,
as for the publication deadline: `WorkingCalendar.add_working_days`.
"""

import datetime

from django.conf import settings

from portal.appeals.choices import AppealKind
from portal.core.workdays import get_calendar


def first_days(kind: str) -> int:
    """Return the working days a case just received has for its first answer."""
    if kind == AppealKind.OBJECTION:
        return settings.APPEALS_OBJECTION_WORKING_DAYS
    return settings.APPEALS_REPAIR_ANSWER_WORKING_DAYS


def first_deadline(kind: str, received_on: datetime.date) -> datetime.date:
    """Return the date by which a case just received must be answered."""
    return get_calendar().add_working_days(received_on, first_days(kind))


def start(appeal, day: datetime.date, days: int) -> None:
    """Set the case's clock running: `days` working days counted from `day`.

    The start and the allowance are kept beside the deadline, so that a
    calendar override saved later can move the deadline (`recompute`).
    """
    appeal.clock_from, appeal.clock_days = day, days
    appeal.due_on = get_calendar().add_working_days(day, days)
    appeal.paused_days = None


def accepted(appeal, day: datetime.date) -> None:
    """Start the decision's clock of an accepted repair application.

    An objection keeps the deadline it had.
    """
    if appeal.kind == AppealKind.REPAIR:
        start(appeal, day, settings.APPEALS_REPAIR_DECISION_WORKING_DAYS)


def stop(appeal, today: datetime.date) -> None:
    """Stop the clock while the applicant gathers material; keep the days left."""
    appeal.paused_days = days_left(appeal.due_on, today)
    appeal.clock_from = appeal.clock_days = appeal.due_on = None


def resume(appeal, today: datetime.date) -> None:
    """Restart the clock with the working days that were left."""
    start(appeal, today, appeal.paused_days or 0)


def days_left(due_on: datetime.date, today: datetime.date) -> int:
    """Return the working days from today to the deadline (0 when it has passed)."""
    return max(0, get_calendar().working_days_between(today, due_on))


def handling_days(received_on: datetime.date, decided_on: datetime.date) -> int:
    """Return the working days from receipt to decision (same day: 0)."""
    return max(0, get_calendar().working_days_between(received_on, decided_on))
