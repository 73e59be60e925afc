"""A chart's numbers, once: the SVG, the table beside it and its CSV all read them.

The table and the CSV show the same text for every value (see
`Measure.format`), so what a reader sees, downloads and hovers over agree.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.cities.measures import Kind, Measure
from portal.core.spreadsheets import neutralise


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    average: bool = False  # averages of counts keep a decimal


@dataclass(frozen=True)
class Chart:
    """A bar chart ("bar", or "hbar" lying down) or a line chart ("line")."""

    slug: str
    kind: str
    title: str
    description: str
    measure: Measure  # sets the unit and the number format
    category_heading: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    csv_url: str = ""

    @property
    def unit(self) -> str:
        """Return the unit of the values, as a column heading carries it."""
        if self.measure.kind == Kind.SHARE:
            return "%"
        if self.measure.kind == Kind.DAYS:
            return gettext("working days")
        return ""

    @property
    def headings(self) -> list[str]:
        unit = self.unit
        return [
            self.category_heading,
            *(f"{s.label} ({unit})" if unit else s.label for s in self.series),
        ]

    def text(self, series: Series, index: int) -> str:
        """Return one value as the table, the CSV and the SVG show it."""
        return self.measure.format(series.values[index], average=series.average)

    @property
    def rows(self) -> list[list[str]]:
        return [
            [category, *(self.text(s, i) for s in self.series)]
            for i, category in enumerate(self.categories)
        ]

    @property
    def has_values(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)

    def csv(self) -> str:
        """Return the table as CSV text; no name in it runs as a formula."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([neutralise(heading) for heading in self.headings])
        # The figures are numbers; the categories are names (cities, quarters).
        writer.writerows([neutralise(row[0]), *row[1:]] for row in self.rows)
        return out.getvalue()

    def svg(self) -> SafeString:
        from portal.cities.svg import render

        return render(self)

    def summary(self) -> str:
        """Return a sentence per series: its first, lowest, highest and last value."""
        unit = f" {self.unit}" if self.unit and self.unit != "%" else self.unit
        sentences = []
        for series in self.series:
            known = [(i, v) for i, v in enumerate(series.values) if v is not None]
            if not known:
                sentences.append(
                    gettext("%(series)s: no figures.") % {"series": series.label}
                )
                continue
            low = min(known, key=lambda item: item[1])[0]
            high = max(known, key=lambda item: item[1])[0]
            last = known[-1][0]
            sentences.append(
                gettext(
                    "%(series)s: lowest %(low)s (%(low_at)s), highest %(high)s "
                    "(%(high_at)s), latest %(last)s (%(last_at)s)."
                )
                % {
                    "series": series.label,
                    "low": self.text(series, low) + unit,
                    "low_at": self.categories[low],
                    "high": self.text(series, high) + unit,
                    "high_at": self.categories[high],
                    "last": self.text(series, last) + unit,
                    "last_at": self.categories[last],
                }
            )
        return " ".join(sentences)
