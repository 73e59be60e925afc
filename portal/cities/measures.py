"""The measures the statistics report, each a column of `Summary` and `Average`.

To add a measure: add its column to both models, count it in a collector of
`portal.cities.statistics` and add it here; pages, charts, CSV and API pick it
up from this list.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COUNT = "count", _("Count")
    SHARE = "share", _("Share (%)")
    DAYS = "days", _("Working days")


@dataclass(frozen=True)
class Measure:
    key: str  # the column on Summary and Average, and the sort key
    name: Promise  # may hold %(days)s, the publication deadline
    kind: Kind
    help: Promise | str = ""

    @property
    def label(self) -> str:
        """Return the name in the active language."""
        text = str(self.name)
        if "%(days)s" in text:
            text = text % {"days": settings.PUBLICATION_DEADLINE_WORKING_DAYS}
        return text

    @property
    def label_with_unit(self) -> str:
        """Return the name with its unit, as a table or CSV column heading."""
        if self.kind == Kind.SHARE:
            return gettext("%(measure)s (%%)") % {"measure": self.label}
        if self.kind == Kind.DAYS:
            return gettext("%(measure)s (working days)") % {"measure": self.label}
        return self.label

    def format(self, value: float | None, *, average: bool = False) -> str:
        """Return the value as tables, charts and CSV files show it ("" if none).

        Shares show as percentages with one decimal, working days with one
        decimal, counts whole, except averages of counts, which keep a decimal.
        """
        if value is None:
            return ""
        if self.kind == Kind.SHARE:
            return f"{value * 100:.1f}"
        if self.kind == Kind.DAYS or average:
            return f"{value:.1f}"
        return str(round(value))

    def scaled(self, value: float | None) -> float | None:
        """Return the value in the unit shown (shares as percentages)."""
        if value is None:
            return None
        return value * 100 if self.kind == Kind.SHARE else value


PERMITS = Measure("permits", _("Permits published"), Kind.COUNT)
PENALTIES = Measure("penalties", _("Penalties published"), Kind.COUNT)
ON_TIME = Measure(
    "on_time_share",
    _("Published within %(days)s working days"),
    Kind.SHARE,
    _("Share of the records published in the period that went online in time."),
)
MEDIAN_DELAY = Measure(
    "median_delay",
    _("Median publication delay"),
    Kind.DAYS,
    _("Working days from decision to publication; half the records took longer."),
)
COMPLETE = Measure(
    "complete_share",
    _("Required fields complete"),
    Kind.SHARE,
    _("Share of the records published in the period with every required field."),
)
ENTRIES_ADDED = Measure("entries_added", _("List entries added"), Kind.COUNT)
ENTRIES_REMOVED = Measure(
    "entries_removed", _("List entries removed or expired"), Kind.COUNT
)

APPEALS_RECEIVED = Measure(
    "appeals_received",
    _("Appeals received"),
    Kind.COUNT,
    _("Objections and repair applications received in the period."),
)
APPEALS_RESOLVED = Measure(
    "appeals_resolved",
    _("Appeals resolved"),
    Kind.COUNT,
    _("Objections and repair applications decided in the period."),
)
MEDIAN_HANDLING = Measure(
    "median_handling_days",
    _("Median appeal handling time"),
    Kind.DAYS,
    _("Working days from receipt to decision of the appeals decided in the period."),
)
APPEALS_IN_TIME = Measure(
    "appeals_in_time_share",
    _("Appeals decided within the deadline"),
    Kind.SHARE,
    _("Share of the appeals decided in the period that were decided in time."),
)
REPAIRS_GRANTED = Measure(
    "repairs_granted",
    _("Credit repairs granted"),
    Kind.COUNT,
    _("Repair applications granted in the period."),
)

MEASURES = (
    PERMITS,
    PENALTIES,
    ON_TIME,
    MEDIAN_DELAY,
    COMPLETE,
    ENTRIES_ADDED,
    ENTRIES_REMOVED,
    APPEALS_RECEIVED,
    APPEALS_RESOLVED,
    MEDIAN_HANDLING,
    APPEALS_IN_TIME,
    REPAIRS_GRANTED,
)
BY_KEY = {measure.key: measure for measure in MEASURES}
