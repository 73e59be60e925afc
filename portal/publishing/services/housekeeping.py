"""Daily and calendar housekeeping: expired publicity, recomputed deadlines."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.dates import local_today
from portal.core.models import CalendarDay, ChangeLogEntry
from portal.core.workdays import clear_calendar_cache, get_calendar
from portal.disclosures.choices import RecordState, WithdrawalReason
from portal.disclosures.models import Penalty
from portal.publishing import kinds
from portal.publishing.services import audit
from portal.publishing.signals import working_days_changed
from portal.search.indexing import schedule_reindex

Action = ChangeLogEntry.Action
SYSTEM = "system"
_CHUNK = 1000


@transaction.atomic
def expire_publicity(*, today: datetime.date | None = None) -> int:
    """End the publicity of penalties past their maximum period; return how many.

    Each becomes withdrawn with the reason "publicity ended" and an EXPIRE
    entry saying which rule and date; a second run finds nothing to do.
    """
    today = today or local_today()
    due = (
        Penalty.objects.expired(today=today)
        .select_related("authority__region")
        .order_by("pk")
    )
    now = timezone.now()
    expired = []
    for penalty in due.select_for_update().iterator(chunk_size=_CHUNK):
        penalty.state = RecordState.WITHDRAWN
        penalty.withdrawn_at = now
        penalty.withdrawal_reason = WithdrawalReason.PUBLICITY_ENDED
        penalty.withdrawal_note = _(
            "The maximum publicity period (rule %(rule)s) ended on %(date)s."
        ) % {"rule": penalty.publicity_rule, "date": penalty.public_until.isoformat()}
        penalty.full_clean(exclude=["entity", "authority"], validate_unique=False)
        expired.append(penalty)
    for start in range(0, len(expired), _CHUNK):
        chunk = expired[start : start + _CHUNK]
        for penalty in chunk:
            penalty.updated_at = now
        Penalty.objects.bulk_update(
            chunk,
            [
                "state",
                "withdrawn_at",
                "withdrawal_reason",
                "withdrawal_note",
                "updated_at",
            ],
        )
        audit.write(
            [
                audit.entry(
                    penalty,
                    action=Action.EXPIRE,
                    actor_label=SYSTEM,
                    source="expire_publicity",
                    version=penalty.version,
                    changes={
                        "state": [RecordState.PUBLISHED, RecordState.WITHDRAWN],
                        "withdrawal_reason": [None, WithdrawalReason.PUBLICITY_ENDED],
                    },
                    reason=penalty.withdrawal_note,
                )
                for penalty in chunk
            ]
        )
        schedule_reindex("penalty", [penalty.pk for penalty in chunk])
    return len(expired)


@transaction.atomic
def recompute_deadlines(
    *,
    days: list[datetime.date] | None = None,
    decided_from: datetime.date | None = None,
    decided_until: datetime.date | None = None,
    reason: str = "",
    actor=None,
) -> int:
    """Recompute the publication deadline of saved records; return how many changed.

    With `days` (calendar days whose status changed), only the records whose
    window from decision to deadline contains one of them; otherwise those
    decided in the given range (all, without one).
    """
    clear_calendar_cache()
    calendar = get_calendar()
    working_days = settings.PUBLICATION_DEADLINE_WORKING_DAYS
    changed = 0
    for kind, model in kinds.MODELS.items():
        records = model.objects.order_by("pk")
        if days:
            window = Q()
            for day in days:
                # Only a deadline counted across the day can move.
                window |= Q(decided_on__lt=day, publication_deadline__gte=day)
            records = records.filter(window)
        if decided_from:
            records = records.filter(decided_on__gte=decided_from)
        if decided_until:
            records = records.filter(decided_on__lte=decided_until)
        rows = records.values_list(
            "pk", "decided_on", "publication_deadline", "version"
        )
        updates, entries = [], []
        now = timezone.now()
        content_type = kinds.content_type(kind)
        for pk, decided_on, old, version in rows.iterator(chunk_size=_CHUNK):
            new = calendar.add_working_days(decided_on, working_days)
            if new == old:
                continue
            record = model(pk=pk, publication_deadline=new, updated_at=now)
            updates.append(record)
            entries.append(
                audit.entry(
                    record,
                    action=Action.UPDATE,
                    actor=actor,
                    actor_label="" if actor else SYSTEM,
                    source="calendar",
                    version=version,
                    content_type=content_type,
                    changes={
                        "publication_deadline": [old.isoformat(), new.isoformat()]
                    },
                    reason=reason,
                )
            )
        for start in range(0, len(updates), _CHUNK):
            chunk = updates[start : start + _CHUNK]
            model.objects.bulk_update(chunk, ["publication_deadline", "updated_at"])
            schedule_reindex(kind, [record.pk for record in chunk])
        audit.write(entries)
        changed += len(updates)
    return changed


@transaction.atomic
def save_calendar_day(*, day: CalendarDay, actor=None) -> int:
    """Save a calendar override and recompute the deadlines it affects."""
    previous = CalendarDay.objects.filter(pk=day.pk).values_list("date", flat=True)
    dates = {day.date, *previous}
    day.full_clean()
    day.save()
    reason = _("Calendar override for %(date)s.") % {"date": day.date.isoformat()}
    changed = recompute_deadlines(days=sorted(dates), reason=reason, actor=actor)
    return changed + _recompute_dependants(sorted(dates), reason, actor)


@transaction.atomic
def delete_calendar_day(*, day: CalendarDay, actor=None) -> int:
    """Remove a calendar override and recompute the deadlines it affected."""
    date = day.date
    day.delete()
    reason = _("Calendar override for %(date)s removed.") % {"date": date.isoformat()}
    changed = recompute_deadlines(days=[date], reason=reason, actor=actor)
    return changed + _recompute_dependants([date], reason, actor)


def _recompute_dependants(days, reason, actor) -> int:
    """Let the apps that count deadlines in working days move theirs too."""
    answers = working_days_changed.send(
        sender=CalendarDay, days=days, reason=reason, actor=actor
    )
    return sum(moved for _receiver, moved in answers)
