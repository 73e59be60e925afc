"""The charts and comparison tables of the cities pages, built from stored figures."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext

from portal.cities import measures
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


def subject_charts(
    *,
    name: str,
    rows: dict[str, Summary],
    comparisons: list[Comparison],
    quarters: list[Period],
    csv_url: Callable[[str], str],
    with_entries: bool = True,
) -> list[Chart]:
    """Return the per-quarter charts of a city or an authority."""
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

    def chart(slug, kind, title, measure, series, about):
        description = f"{name}, {span}. {about}".strip()
        return Chart(
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
            Series(name, _values(rows, quarters, measure.key)),
            *(
                Series(c.label, _compared(c.by_period, quarters, measure.key))
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


def comparison_table(
    *, name: str, row: Summary | None, comparisons: list[tuple[str, Average | None]]
) -> dict:
    """Return every measure of one period beside the groups' averages."""
    headings = [gettext("Measure"), name, *(label for label, _avg in comparisons)]
    body = []
    for measure in MEASURES:
        own = getattr(row, measure.key) if row else None
        if own is None and row is None and measure.key in _COUNT_KEYS:
            own = 0
        cells = [measure.format(own)]
        for _label, average in comparisons:
            value = getattr(average, measure.key) if average else None
            cells.append(measure.format(value, average=True))
        body.append([measure.label_with_unit, *cells])
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
    *, measure: Measure, names: list[str], values: list, period: Period, url: str
) -> Chart:
    """Return a lying bar chart of one measure for the first cities of the list."""
    shown = list(zip(names, values, strict=True))[:RANKING_SIZE]
    return Chart(
        slug="ranking",
        kind="hbar",
        title=gettext("%(measure)s, %(period)s")
        % {"measure": measure.label, "period": period.label},
        description=gettext("The first %(count)d cities of the list, in its order.")
        % {"count": len(shown)},
        measure=measure,
        category_heading=gettext("City"),
        categories=tuple(name for name, _value in shown),
        series=(Series(measure.label, tuple(value for _name, value in shown)),),
        csv_url=url,
    )
