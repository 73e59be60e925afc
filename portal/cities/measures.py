"""The measures the statistics report, each a column of `Summary` and `Average`.

To add a measure: add its column to both models, count it in a collector of
`portal.cities.statistics` and add it here; pages, charts, CSV and API pick it
up from this list.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

# A share or median computed from fewer records (or appeals) than this is a
# small sample: one record more or less moves it by several points, so it is
# marked wherever it is shown and left out of the ranking.
MIN_SAMPLE = 30


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
    # The `Summary` column counting what a share or median is computed from.
    sample: str = ""
    lower_is_better: bool = False

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

    @property
    def lazy_label(self) -> Promise:
        """Return the name, translated when read (for labels made at import)."""
        return _lazy_label(self)

    @property
    def sample_unit(self) -> str:
        """Return what the sample counts, in the active language."""
        if self.sample == "appeals_resolved":
            return pgettext("sample", "appeals")
        return pgettext("sample", "records")

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


_lazy_label = lazy(lambda measure: measure.label, str)

PERMITS = Measure("permits", _("Permits published"), Kind.COUNT)
PENALTIES = Measure("penalties", _("Penalties published"), Kind.COUNT)
ON_TIME = Measure(
    "on_time_share",
    _("Published within %(days)s working days"),
    Kind.SHARE,
    _("Share of the records published in the period that went online in time."),
    sample="records",
)
MEDIAN_DELAY = Measure(
    "median_delay",
    _("Median publication delay"),
    Kind.DAYS,
    _("Working days from decision to publication; half the records took longer."),
    sample="records",
    lower_is_better=True,
)
COMPLETE = Measure(
    "complete_share",
    _("Required fields complete"),
    Kind.SHARE,
    _("Share of the records published in the period with every required field."),
    sample="records",
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
    sample="appeals_resolved",
    lower_is_better=True,
)
APPEALS_IN_TIME = Measure(
    "appeals_in_time_share",
    _("Appeals decided within the deadline"),
    Kind.SHARE,
    _("Share of the appeals decided in the period that were decided in time."),
    sample="appeals_resolved",
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


def small_sample(n: int | None) -> bool:
    """Return whether a figure computed from `n` records is a small sample."""
    return n is not None and n < MIN_SAMPLE
