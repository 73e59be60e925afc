"""The cities page's table: the selection its filters make, as rows of text.

Rows are read as values rather than model instances, since the page lists
every city (a few hundred) with ten cells each.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from portal.cities import measures, selectors
from portal.cities.figures import figure_cell, progress_note, ranking_chart
from portal.cities.filtersets import ANY_BATCH, NO_BATCH, CityFilterSet
from portal.cities.measures import MEASURES
from portal.cities.models import Average
from portal.cities.periods import Period
from portal.cities.ranking import Candidate
from portal.registry.models import Region
from portal.registry.regions import province_code, region_code_range

_COLUMNS = [
    "region_id",
    "region__code",
    "region__name",
    "region__name_en",
    "region__level",
    "region__parent__name",
    "region__parent__name_en",
    "records",
    *(m.key for m in MEASURES),
]
# Shares and medians show the number they are computed from beside them.
_SAMPLED = [m for m in MEASURES if m.sample]


@dataclass
class CityTable:
    """The selection of the cities page: its filters, rows and averages."""

    filterset: CityFilterSet
    period: Period | None = None
    rows: list[dict] = field(default_factory=list)
    footer: list[dict] = field(default_factory=list)
    sort: str = ""
    # The batch chosen, when none of its members has been entered yet.
    batch_without_members: int | None = None

    @property
    def headings(self) -> list[str]:
        return [
            gettext("City"),
            gettext("Region code"),
            pgettext("statistics", "Province"),
            gettext("Demonstration batches"),
            *self.figure_headings(),
        ]

    @staticmethod
    def figure_headings() -> list[str]:
        """Return the figures' column headings, a column of n after each sample."""
        headings = []
        for m in MEASURES:
            headings.append(m.label_with_unit)
            if m.sample:
                headings.append(
                    gettext("%(series)s: n (%(unit)s)")
                    % {"series": m.label, "unit": m.sample_unit}
                )
        return headings

    @property
    def in_progress_note(self) -> str:
        return progress_note(self.period, selectors.counted_until(self.filterset.state))

    def csv_rows(self) -> list[list[str]]:
        lines = [
            [
                row["name"],
                row["code"],
                row["province"],
                " ".join(str(number) for number, _label, _ended in row["batches"]),
                *_flat(row["cells"]),
            ]
            for row in self.rows
        ]
        lines += [
            [row["label"], "", "", "", *_flat(row["cells"])] for row in self.footer
        ]
        return lines


def _flat(cells: list[dict]) -> list[str]:
    """Return a row's figures as the CSV holds them: each n in its own column."""
    flat = []
    for measure, cell in zip(MEASURES, cells, strict=True):
        flat.append(cell["text"])
        if measure.sample:
            flat.append(cell["n"])
    return flat


def city_table(request, *, state=None) -> CityTable:
    """Return the cities the request's filters select, in the order asked for."""
    filterset = CityFilterSet(
        request.GET,
        queryset=selectors.city_summaries().order_by("region__code"),
        request=request,
        state=state,
    )
    table = CityTable(filterset)
    if not filterset.is_valid() or not filterset.form.cleaned_data.get("period"):
        return table
    data = filterset.form.cleaned_data
    table.period = Period.parse(data["period"])
    table.sort = (data.get("sort") or [""])[0]
    rows = list(filterset.qs.values(*_COLUMNS))
    batches = selectors.batches_by_region(row["region_id"] for row in rows)
    provinces = {
        region.code: selectors.region_name(region)
        for region in Region.objects.filter(level=Region.Level.PROVINCE)
    }
    batch_label = gettext("Batch %(number)s")
    ended = gettext("ended")
    base = reverse("cities:list")
    for row in rows:
        code = row["region__code"]
        table.rows.append(
            {
                "values": row,
                "code": code,
                "url": f"{base}{code}/",
                "name": selectors.city_label(
                    name=row["region__name"],
                    name_en=row["region__name_en"],
                    level=row["region__level"],
                    parent=row["region__parent__name"] or "",
                    parent_en=row["region__parent__name_en"] or "",
                ),
                "province": provinces.get(province_code(code), ""),
                "batches": [
                    (
                        number,
                        batch_label % {"number": number}
                        + (f" · {ended}" if is_ended else ""),
                        is_ended,
                    )
                    for number, is_ended in batches.get(row["region_id"], [])
                ],
                "cells": [
                    figure_cell(m, row[m.key], row.get(m.sample)) for m in MEASURES
                ],
            }
        )
    table.footer = _footer(table.period)
    batch = data.get("batch")
    if batch and batch.isdigit() and not selectors.batch_has_members(int(batch)):
        table.batch_without_members = int(batch)
    return table


def _footer(period: Period) -> list[dict]:
    found = selectors.averages(
        [period.key], [Average.Group.DEMONSTRATION, Average.Group.ALL_CITIES]
    )
    footer = []
    for group, label in (
        (Average.Group.DEMONSTRATION, gettext("Demonstration cities (average)")),
        (Average.Group.ALL_CITIES, gettext("All cities (average)")),
    ):
        if average := found.get((group, period.key)):
            footer.append(
                {
                    "label": label,
                    "members": average.members,
                    "cells": [
                        figure_cell(
                            m,
                            getattr(average, m.key),
                            average.counts.get(m.key),
                            average=True,
                        )
                        for m in MEASURES
                    ],
                }
            )
    return footer


def sort_links(request, current: str) -> dict[str, dict]:
    """Return each column's heading, the link that sorts by it, and its state."""
    columns = [("city", gettext("City"))] + [
        (m.key, m.label_with_unit) for m in MEASURES
    ]
    links = {}
    for key, label in columns:
        params = request.GET.copy()
        # Counts and shares read best largest first; a second click reverses.
        if key == "city":
            params["sort"] = "-city" if current == "city" else "city"
        else:
            params["sort"] = key if current == f"-{key}" else f"-{key}"
        state = {key: "ascending", f"-{key}": "descending"}.get(current, "")
        # The table opens when sorted; the fragment brings the reader to it.
        url = f"?{params.urlencode()}#cities-heading"
        links[key] = {"label": label, "url": url, "state": state}
    return links


def ranking(request, table: CityTable):
    """Return the ranking by the measure the table is sorted by (else timeliness)."""
    measure = measures.BY_KEY.get(table.sort.lstrip("-"), measures.ON_TIME)
    return ranking_chart(
        measure=measure,
        candidates=[
            Candidate(
                name=row["name"],
                value=row["values"][measure.key],
                sample=row["values"][measure.sample] if measure.sample else None,
                code=row["code"],
            )
            for row in table.rows
        ],
        period=table.period,
        url=f"{reverse('cities:ranking-csv')}?{request.GET.urlencode()}",
        until=selectors.counted_until(table.filterset.state),
    )


def designated_without_figures(table: CityTable) -> list[tuple[str, str]]:
    """Return (code, name) of the demonstration cities selected without figures."""
    data = table.filterset.form.cleaned_data
    batch = data.get("batch")
    if batch == NO_BATCH:
        return []
    condition = Q()
    if data.get("province"):
        condition &= Q(region__code__range=region_code_range(data["province"].code))
    if batch and batch != ANY_BATCH:
        condition &= Q(batch__number=int(batch))
    regions = selectors.designated_without_figures(
        period=table.period,
        shown={row["values"]["region_id"] for row in table.rows},
        filters=condition,
    )
    return [(region.code, selectors.city_name(region)) for region in regions]
