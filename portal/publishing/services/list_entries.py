"""Taking an entity off a list before its time: repair granted, objection upheld."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.core.dates import local_today
from portal.core.models import ChangeLogEntry
from portal.creditlists.models import ListEntry
from portal.publishing.choices import Role
from portal.publishing.exceptions import PublishingError
from portal.publishing.models import Official
from portal.publishing.services import audit
from portal.publishing.services.records import check_scope
from portal.search.indexing import schedule_reindex


@transaction.atomic
def remove_list_entry(
    *,
    official: Official,
    entry: ListEntry,
    reason: str,
    note: str = "",
    source: str = "",
    role: str = Role.PUBLISHER,
) -> ListEntry:
    """Take a current entry off its list today, with the reason the public sees."""
    check_scope(official, entry, role=role)
    if not entry.is_current:
        raise PublishingError(_("Only a current list entry can be removed."))
    if reason not in ListEntry.RemovalReason.values:
        raise ValidationError({"removal_reason": _("Choose why it is removed.")})
    entry.removed_on = local_today()
    entry.removal_reason = reason
    entry.removal_note = (note or "").strip()
    entry.full_clean()
    entry.save()
    audit.write(
        [
            audit.entry(
                entry,
                action=ChangeLogEntry.Action.DELIST,
                actor=official.user,
                changes={"removal_reason": [None, reason]},
                reason=entry.removal_note,
                source=source,
            )
        ]
    )
    schedule_reindex("listentry", [entry.pk])
    return entry
