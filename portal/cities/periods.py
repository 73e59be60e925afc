"""The periods statistics are counted in: calendar quarters and years."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext

_KEY = re.compile(r"^(?P<year>\d{4})(?:Q(?P<quarter>[1-4]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter (quarter 1 to 4) or a whole year (quarter 0)."""

    year: int
    quarter: int = 0

    @classmethod
    def of(cls, day: datetime.date) -> "Period":
        """Return the quarter a day falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, key: str) -> "Period":
        """Read `2025Q2` or `2025`; raise ValueError for anything else."""
        match = _KEY.match(key or "")
        if not match:
            raise ValueError(f"Not a period: {key!r}")
        return cls(int(match["year"]), int(match["quarter"] or 0))

    @property
    def is_quarter(self) -> bool:
        return self.quarter != 0

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.is_quarter else str(self.year)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2 if self.quarter else 1, 1)

    @property
    def end(self) -> datetime.date:
        if not self.is_quarter or self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(
            days=1
        )

    @property
    def year_period(self) -> "Period":
        return Period(self.year)

    @property
    def label(self) -> str:
        """Return the period's name in the active language."""
        if self.is_quarter:
            return gettext("%(year)d Q%(quarter)d") % {
                "year": self.year,
                "quarter": self.quarter,
            }
        return gettext("%(year)d (whole year)") % {"year": self.year}

    @property
    def short_label(self) -> str:
        """Return a label short enough for a chart's axis."""
        return f"{self.year}Q{self.quarter}" if self.is_quarter else str(self.year)

    def __str__(self):
        return self.key


def quarters_between(first: Period, last: Period) -> list[Period]:
    """Return every quarter from `first` to `last`, both included."""
    quarters, year, quarter = [], first.year, first.quarter
    while (year, quarter) <= (last.year, last.quarter):
        quarters.append(Period(year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters
