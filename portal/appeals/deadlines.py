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


def first_deadline(kind: str, received_on: datetime.date) -> datetime.date:
    """Return the date by which a case just received must be answered."""
    days = (
        settings.APPEALS_OBJECTION_WORKING_DAYS
        if kind == AppealKind.OBJECTION
        else settings.APPEALS_REPAIR_ANSWER_WORKING_DAYS
    )
    return get_calendar().add_working_days(received_on, days)


def after_acceptance(
    kind: str, accepted_on: datetime.date, current: datetime.date | None
) -> datetime.date | None:
    """Return the deadline once a case is accepted.

    A repair application's decision is due a few working days after the
    acceptance; an objection keeps the deadline it had.
    """
    if kind == AppealKind.REPAIR:
        return get_calendar().add_working_days(
            accepted_on, settings.APPEALS_REPAIR_DECISION_WORKING_DAYS
        )
    return current


def days_left(due_on: datetime.date, today: datetime.date) -> int:
    """Return the working days from today to the deadline (0 when it has passed)."""
    return max(0, get_calendar().working_days_between(today, due_on))


def resumed(paused_days: int, today: datetime.date) -> datetime.date:
    """Return the deadline of a case restarted today with the days it had left."""
    return get_calendar().add_working_days(today, paused_days)


def handling_days(received_on: datetime.date, decided_on: datetime.date) -> int:
    """Return the working days from receipt to decision (same day: 0)."""
    return max(0, get_calendar().working_days_between(received_on, decided_on))
