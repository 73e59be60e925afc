"""Open cases' deadlines after the official calendar changed."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.appeals.choices import Status
from portal.appeals.models import Appeal
from portal.core.models import ChangeLogEntry
from portal.core.workdays import get_calendar
from portal.publishing.services import audit


@transaction.atomic
def recompute_appeal_deadlines(
    *, days: list[datetime.date], reason: str = "", actor=None
) -> int:
    """Move the deadlines of running cases counted across the changed days.

    Called when a calendar override is saved or removed (with the calendar
    cache already cleared); returns how many deadlines moved.
    """
    if not days:
        return 0
    window = Q()
    for day in days:
        # Only a deadline counted across the day can move.
        window |= Q(clock_from__lt=day, due_on__gte=day)
    cases = Appeal.objects.select_for_update().filter(
        window, status__in=(Status.RECEIVED, Status.ACCEPTED), clock_from__isnull=False
    )
    calendar = get_calendar()
    moved, entries = [], []
    for appeal in cases:
        new = calendar.add_working_days(appeal.clock_from, appeal.clock_days)
        if new == appeal.due_on:
            continue
        entries.append(
            audit.entry(
                appeal,
                action=ChangeLogEntry.Action.UPDATE,
                actor=actor,
                actor_label="" if actor else "system",
                changes={"due_on": [appeal.due_on.isoformat(), new.isoformat()]},
                reason=reason,
                source="calendar",
            )
        )
        appeal.due_on, appeal.updated_at = new, timezone.now()
        moved.append(appeal)
    Appeal.objects.bulk_update(moved, ["due_on", "updated_at"])
    audit.write(entries)
    return len(moved)
