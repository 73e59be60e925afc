"""Why a record that went online is no longer public: withdrawn, or expired.

Of a removed record only the fact stays public (its number, the day and the
reason, never its content). The record pages, the API's 410 body and the feeds
all read that fact from `DisclosureRecord.removal()`, which returns a `Removal`.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.disclosures.choices import WithdrawalReason


class RemovalKind(models.TextChoices):
    # The values are the stable codes of the API's 410 body: clients read them.
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "publicity_ended", _("Publicity period ended")


@dataclass(frozen=True)
class Removal:
    kind: RemovalKind
    # Withdrawn: the day of withdrawal (Beijing time; None only for bad data).
    # Expired: the last day the record was in public view.
    on: datetime.date | None
    reason: str = ""  # a WithdrawalReason value
    note: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.kind == RemovalKind.WITHDRAWN

    @property
    def expired(self) -> bool:
        return self.kind == RemovalKind.EXPIRED

    @property
    def reason_label(self) -> str:
        if self.reason in WithdrawalReason.values:
            return WithdrawalReason(self.reason).label
        return ""
