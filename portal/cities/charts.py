"""A chart's numbers, once: the SVG, the table beside it and its CSV all read them.

The table and the CSV show the same text for every value (see
`Measure.format`), so what a reader sees, downloads and hovers over agree.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from portal.cities.measures import Kind, Measure, small_sample
from portal.core.spreadsheets import neutralise


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float | None, ...]
    average: bool = False  # averages of counts keep a decimal
    # What each share or median is computed from (records, appeals, members).
    samples: tuple[int | None, ...] = ()
    sample_unit: str = ""

    def sample(self, index: int) -> str:
        """Return the n behind one value ("" where there is no value)."""
        if self.values[index] is None or self.samples[index] is None:
            return ""
        return str(self.samples[index])

    def small(self, index: int) -> bool:
        """Return whether one value is a city's or authority's small sample."""
        return (
            not self.average
            and bool(self.samples)
            and self.values[index] is not None
            and small_sample(self.samples[index])
        )


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
    ranks: tuple[int | None, ...] = ()  # a ranking's places; None: not ranked
    incomplete: frozenset[int] = frozenset()  # categories still in progress
    note: str = ""

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
        headings = [gettext("Rank")] if self.ranks else []
        headings.append(self.category_heading)
        for series in self.series:
            with_unit = gettext("%(series)s (%(unit)s)")
            headings.append(
                with_unit % {"series": series.label, "unit": unit}
                if unit
                else series.label
            )
            if series.samples:
                headings.append(self._sample_heading(series))
        return headings

    @property
    def heading_cells(self) -> list[dict]:
        """Return the headings as the page shows them: an n column reads "n"
        on screen, its full heading for screen readers."""
        shown = []
        samples = {self._sample_heading(s) for s in self.series if s.samples}
        for heading in self.headings:
            shown.append({"text": heading, "short": "n" if heading in samples else ""})
        return shown

    def _sample_heading(self, series: Series) -> str:
        if len(self.series) == 1:
            return gettext("n (%(unit)s)") % {"unit": series.sample_unit}
        return gettext("%(series)s: n (%(unit)s)") % {
            "series": series.label,
            "unit": series.sample_unit,
        }

    def text(self, series: Series, index: int) -> str:
        """Return one value as the table, the CSV and the SVG show it."""
        return self.measure.format(series.values[index], average=series.average)

    def _rank(self, index: int) -> list[str]:
        if not self.ranks:
            return []
        place = self.ranks[index]
        return ["" if place is None else str(place)]

    @property
    def rows(self) -> list[list[str]]:
        """Return the table's rows as the CSV holds them: plain text, n apart."""
        rows = []
        for i, category in enumerate(self.categories):
            row = [*self._rank(i), category]
            for series in self.series:
                row.append(self.text(series, i))
                if series.samples:
                    row.append(series.sample(i))
            rows.append(row)
        return rows

    @property
    def table(self) -> list[dict]:
        """Return the rows as the page shows them, with what marks each cell."""
        rows = []
        for i, category in enumerate(self.categories):
            cells = []
            for series in self.series:
                cells.append({"text": self.text(series, i), "small": series.small(i)})
                if series.samples:
                    cells.append({"text": series.sample(i), "small": False})
            rows.append(
                {
                    "rank": self._rank(i),
                    "category": category,
                    "in_progress": i in self.incomplete,
                    "cells": cells,
                }
            )
        return rows

    @property
    def has_values(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)

    def csv(self) -> str:
        """Return the table as CSV text; no name in it runs as a formula."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([neutralise(heading) for heading in self.headings])
        # The figures are numbers; the categories are names (cities, quarters).
        lead = 1 if self.ranks else 0
        writer.writerows(
            [*row[:lead], neutralise(row[lead]), *row[lead + 1 :]] for row in self.rows
        )
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
