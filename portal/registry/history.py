"""An entity's former names, when each ended and why, from the change log."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from portal.core.models import ChangeLogEntry


@dataclass(frozen=True)
class FormerName:
    name: str
    until: datetime.date  # the day the next name replaced it
    reason: str  # which decision renamed the entity


def former_names(entity) -> list[FormerName]:
    """Return the entity's earlier names, most recent first.

    A natural person's earlier names are never shown: the pages mask a
    person's given name, which a list of full former names would reveal.
    """
    # A renaming always adds the old name to `former_names`: without one,
    # there is nothing to look up.
    if entity.is_person or not entity.former_names:
        return []
    entries = ChangeLogEntry.objects.filter(
        content_type__app_label=entity._meta.app_label,
        content_type__model=entity._meta.model_name,
        object_id=entity.pk,
        action=ChangeLogEntry.Action.UPDATE,
        changes__has_key="name",
    ).order_by("-at", "-pk")
    history = [
        FormerName(
            name=entry.changes["name"][0],
            until=timezone.localdate(entry.at),
            reason=entry.reason,
        )
        for entry in entries
    ]
    # Names recorded before the change log kept renamings (or set by hand).
    logged = {item.name for item in history}
    history += [
        FormerName(name=name, until=None, reason="")
        for name in reversed(entity.former_names)
        if name not in logged
    ]
    return history
