"""The charts and comparison tables of the cities pages, built from stored figures."""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext

from portal.cities import measures, ranking
from portal.cities.charts import Chart, Series
from portal.cities.completeness import field_labels
from portal.cities.measures import MEASURES, Measure
from portal.cities.models import Average, Summary
from portal.cities.periods import Period

# Where a quarter has no row, nothing was published or listed in it.
_COUNT_KEYS = {m.key for m in MEASURES if m.kind == measures.Kind.COUNT}
RANKING_SIZE = 20


@dataclass(frozen=True)
class Comparison:
    """A group's averages to set beside a subject's figures."""

    label: str
    by_period: dict[str, Average]
    member_unit: str = ""  # what the averages' n counts: cities, authorities


def _values(by_period: dict, quarters: list[Period], key: str) -> tuple:
    zero = 0 if key in _COUNT_KEYS else None
    return tuple(
        getattr(by_period[q.key], key) if q.key in by_period else zero for q in quarters
    )


def _compared(by_period, quarters, key) -> tuple:
    # A group without figures in a quarter has no average for it.
    return tuple(
        getattr(by_period[q.key], key) if q.key in by_period else None for q in quarters
    )


def _samples(by_period: dict, quarters: list[Period], column: str) -> tuple:
    return tuple(
        getattr(by_period[q.key], column) if q.key in by_period else None
        for q in quarters
    )


def _members(by_period: dict, quarters: list[Period], key: str) -> tuple:
    # Averages written before their counts were kept have no n.
    return tuple(
        by_period[q.key].counts.get(key) if q.key in by_period else None
        for q in quarters
    )


def in_progress(period: Period, until: datetime.date | None) -> bool:
    """Return whether the figures, counted up to `until`, miss part of `period`."""
    return until is not None and period.end >= until


def progress_note(period: Period, until: datetime.date | None) -> str:
    """Return the sentence that says a period's figures are not yet complete."""
    if not in_progress(period, until):
        return ""
    return gettext("%(period)s is still in progress: figures up to %(date)s.") % {
        "period": period.label,
        "date": until.isoformat(),
    }


def subject_charts(
    *,
    name: str,
    rows: dict[str, Summary],
    comparisons: list[Comparison],
    quarters: list[Period],
    csv_url: Callable[[str], str],
    with_entries: bool = True,
    until: datetime.date | None = None,
) -> list[Chart]:
    """Return the per-quarter charts of a city or an authority.

    A quarter the figures count only part of (see `in_progress`) is marked.
    """
    categories = tuple(q.short_label for q in quarters)
    span = (
        gettext("%(first)s to %(last)s")
        % {
            "first": quarters[0].label,
            "last": quarters[-1].label,
        }
        if quarters
        else ""
    )
    quarter = gettext("Quarter")
    incomplete = frozenset(i for i, q in enumerate(quarters) if in_progress(q, until))
    note = " ".join(progress_note(quarters[i], until) for i in sorted(incomplete))

    def chart(slug, kind, title, measure, series, about):
        description = (
            gettext("%(name)s, %(span)s. %(about)s")
            % {"name": name, "span": span, "about": about}
        ).strip()
        return Chart(
            incomplete=incomplete,
            note=note,
            slug=slug,
            kind=kind,
            title=title,
            description=description,
            measure=measure,
            category_heading=quarter,
            categories=categories,
            series=tuple(series),
            csv_url=csv_url(slug),
        )

    def compared(measure: Measure) -> list[Series]:
        return [
            Series(
                name,
                _values(rows, quarters, measure.key),
                samples=_samples(rows, quarters, measure.sample),
                sample_unit=measure.sample_unit,
            ),
            *(
                Series(
                    c.label,
                    _compared(c.by_period, quarters, measure.key),
                    average=True,
                    samples=_members(c.by_period, quarters, measure.key),
                    sample_unit=c.member_unit,
                )
                for c in comparisons
            ),
        ]

    charts = [
        chart(
            "published",
            "bar",
            gettext("Permits and penalties published per quarter"),
            measures.PERMITS,
            [
                Series(measures.PERMITS.label, _values(rows, quarters, "permits")),
                Series(measures.PENALTIES.label, _values(rows, quarters, "penalties")),
            ],
            gettext("Records counted in the quarter of their publication."),
        ),
        chart(
            "timeliness",
            "line",
            gettext("%(measure)s, per quarter") % {"measure": measures.ON_TIME.label},
            measures.ON_TIME,
            compared(measures.ON_TIME),
            str(measures.ON_TIME.help),
        ),
        chart(
            "delay",
            "line",
            gettext("Median publication delay per quarter"),
            measures.MEDIAN_DELAY,
            compared(measures.MEDIAN_DELAY),
            str(measures.MEDIAN_DELAY.help),
        ),
        chart(
            "completeness",
            "line",
            gettext("Records with every required field, per quarter"),
            measures.COMPLETE,
            compared(measures.COMPLETE),
            str(measures.COMPLETE.help),
        ),
    ]
    if with_entries:
        charts.append(
            chart(
                "list-entries",
                "bar",
                gettext("List entries added and removed per quarter"),
                measures.ENTRIES_ADDED,
                [
                    Series(
                        measures.ENTRIES_ADDED.label,
                        _values(rows, quarters, "entries_added"),
                    ),
                    Series(
                        measures.ENTRIES_REMOVED.label,
                        _values(rows, quarters, "entries_removed"),
                    ),
                ],
                gettext("Entries on red, black and watch lists by the authorities."),
            )
        )
    charts.append(
        chart(
            "appeals",
            "bar",
            gettext("Appeals received and resolved per quarter"),
            measures.APPEALS_RECEIVED,
            [
                Series(
                    measures.APPEALS_RECEIVED.label,
                    _values(rows, quarters, "appeals_received"),
                ),
                Series(
                    measures.APPEALS_RESOLVED.label,
                    _values(rows, quarters, "appeals_resolved"),
                ),
            ],
            gettext(
                "Objections and repair applications, counted for the authority "
                "handling them: received in the quarter of receipt, resolved in "
                "the quarter of the decision."
            ),
        )
    )
    return charts


def figure_cell(measure, value, n, *, average: bool = False) -> dict:
    """Return a figure with the n it rests on and whether that is a small sample."""
    text = measure.format(value, average=average)
    shown_n = "" if not measure.sample or not text or n is None else str(n)
    return {
        "text": text,
        "n": shown_n,
        "small": bool(shown_n) and not average and measures.small_sample(n),
    }


def comparison_table(
    *,
    name: str,
    row: Summary | None,
    comparisons: list[tuple[str, Average | None]],
) -> dict:
    """Return every measure of one period beside the groups' averages."""
    headings = [gettext("Measure"), name, *(label for label, _avg in comparisons)]
    body = []
    for measure in MEASURES:
        own = getattr(row, measure.key) if row else None
        if own is None and row is None and measure.key in _COUNT_KEYS:
            own = 0
        n = getattr(row, measure.sample) if row and measure.sample else None
        cells = [figure_cell(measure, own, n)]
        for _label, average in comparisons:
            value = getattr(average, measure.key) if average else None
            members = average.counts.get(measure.key) if average else None
            cells.append(figure_cell(measure, value, members, average=True))
        body.append({"label": measure.label_with_unit, "cells": cells})
    return {"headings": headings, "rows": body}


def missing_fields(rows) -> list[tuple[str, str, int]]:
    """Return (code, label, records) for each required field found missing."""
    counts = Counter()
    for row in rows:
        counts.update(row.missing)
    labels = field_labels()
    return [
        (code, str(labels.get(code, code)), n)
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def ranking_chart(
    *,
    measure: Measure,
    candidates: list[ranking.Candidate],
    period: Period,
    url: str,
    until: datetime.date | None = None,
) -> Chart:
    """Return a lying bar chart of the best cities by one measure.

    The ranked cities come first; where they are fewer than `RANKING_SIZE`,
    small samples follow, marked and without a place.
    """
    shown = ranking.rank(candidates, measure)[:RANKING_SIZE]
    order = (
        gettext("shortest first")
        if measure.lower_is_better
        else gettext("highest first")
    )
    about = gettext(
        "Cities with a figure for the period, %(order)s; equal figures share "
        "a place, in name order."
    ) % {"order": order}
    if measure.sample == "appeals_resolved":
        about += " " + gettext(
            "Cities with fewer than %(n)d appeals decided are small samples: they "
            "are not ranked, and follow the ranked cities, marked *."
        ) % {"n": measures.MIN_SAMPLE}
    elif measure.sample:
        about += " " + gettext(
            "Cities with fewer than %(n)d records are small samples: they are "
            "not ranked, and follow the ranked cities, marked *."
        ) % {"n": measures.MIN_SAMPLE}
    samples = tuple(entry.sample for entry in shown) if measure.sample else ()
    return Chart(
        slug="ranking",
        kind="hbar",
        title=gettext("Ranking: %(measure)s, %(period)s")
        % {"measure": measure.label, "period": period.label},
        description=about,
        measure=measure,
        category_heading=gettext("City"),
        categories=tuple(entry.name for entry in shown),
        series=(
            Series(
                measure.label,
                tuple(entry.value for entry in shown),
                samples=samples,
                sample_unit=measure.sample_unit if measure.sample else "",
            ),
        ),
        csv_url=url,
        ranks=tuple(entry.rank for entry in shown),
        note=progress_note(period, until),
    )
