"""The rows a plan's page shows: strata and sizes, frozen files, drawn entities
with their teams and results."""

import datetime
import json
from dataclasses import dataclass, field

from portal.core.models import ChangeLogEntry
from portal.inspections import selectors, verify_draw
from portal.inspections.choices import FileName, ResultState
from portal.inspections.forms import SizesForm, category_label, size_field_name
from portal.inspections.models import InspectionResult
from portal.registry.models import Region


@dataclass
class StratumRow:
    label: str
    name: str  # The region's name when the stratum is a region code.
    population: int  # Entities in the stratum: now (draft) or frozen.
    size: int | None  # The sample size, None while not set.

    @property
    def field_name(self) -> str:
        return size_field_name(self.label)

    @property
    def too_large(self) -> bool:
        return self.size is not None and self.size > self.population


def _region_names(labels) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=labels).values_list("code", "name"))


def _rows(population: dict[str, int], sizes: dict[str, int]) -> list[StratumRow]:
    labels = sorted(set(population) | set(sizes))
    names = _region_names(labels)
    return [
        StratumRow(
            label=label,
            name=names.get(label, ""),
            population=population.get(label, 0),
            size=sizes.get(label),
        )
        for label in labels
    ]


def stratum_labels(plan) -> list[str]:
    """Return the strata a draft plan's sizes are asked for."""
    return [row.label for row in draft_strata(plan)]


def draft_strata(plan) -> list[StratumRow]:
    """Return a draft plan's strata: the population its filter selects now
    (selectors.population_preview) beside the sizes set so far."""
    return _rows(
        selectors.population_preview(plan=plan),
        dict(plan.strata.values_list("label", "size")),
    )


def sizes_form(strata) -> SizesForm:
    return SizesForm(
        labels=[row.label for row in strata],
        initial={row.field_name: row.size or 0 for row in strata},
    )


def _content(plan, name: str) -> bytes:
    return bytes(plan.files.get(name=name).content)


def _stratum_counts(entities_csv: bytes) -> dict[str, int]:
    """Count entities.csv's rows per stratum without parsing each code: the
    file may hold a whole city's entities, and the page only needs counts."""
    counts: dict[str, int] = {}
    for line in entities_csv.split(b"\n")[1:-1]:
        stratum = line.split(b",", 1)[0].decode("ascii")
        counts[stratum] = counts.get(stratum, 0) + 1
    return counts


def frozen(plan) -> dict:
    """Return what a committed plan published: its files, frozen strata and pools."""
    files = {file.name: file for file in plan.files.defer("content")}
    population = _stratum_counts(_content(plan, FileName.ENTITIES))
    sizes = {
        stratum: int(size)
        for stratum, size in verify_draw.parse_csv(
            FileName.SIZES, _content(plan, FileName.SIZES)
        )
    }
    inspectors = _content(plan, FileName.INSPECTORS).count(b"\n") - 1
    plan_file = json.loads(_content(plan, FileName.PLAN))
    return {
        "files": [files[name] for name in FileName.values if name in files],
        "frozen_strata": _rows(population, sizes),
        "pool_entities": sum(population.values()),
        "pool_inspectors": inspectors,
        "recusals": plan_file.get("recusals", {}),
    }


@dataclass
class Cell:
    """One item's result for one drawn entity (None: not recorded yet)."""

    item: object
    result: InspectionResult | None
    own: bool  # The official's authority records this item.
    overdue: bool  # A draft still unpublished after its deadline.

    @property
    def category(self) -> str:
        return category_label(self.result.category) if self.result else ""


@dataclass
class DrawnRow:
    drawn: object
    team: list = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)


def drawn_rows(
    plan, drawn, *, items, authority, today: datetime.date
) -> list[DrawnRow]:
    """Return the drawn entities with their teams and a cell per item."""
    drawn = list(drawn)
    rows = {row.pk: DrawnRow(drawn=row) for row in drawn}
    for member in selectors.team_of(plan=plan).filter(drawn__in=drawn):
        rows[member.drawn_id].team.append(member.inspector)
    results = {
        (result.drawn_id, result.item_id): result
        for result in InspectionResult.objects.filter(drawn__in=drawn)
    }
    for row in rows.values():
        for item in items:
            result = results.get((row.drawn.pk, item.pk))
            row.cells.append(
                Cell(
                    item=item,
                    result=result,
                    own=item.authority_id == authority.pk,
                    overdue=result is not None
                    and result.state == ResultState.DRAFT
                    and result.publication_deadline < today,
                )
            )
    return list(rows.values())


def missing_results(plan) -> int:
    """Return how many results must still be published before the plan closes."""
    expected = plan.drawn.count() * plan.items.count()
    done = (
        InspectionResult.objects.filter(drawn__plan=plan)
        .exclude(state=ResultState.DRAFT)
        .count()
    )
    return expected - done


@dataclass
class LogRow:
    entry: object
    changes: list[tuple[str, object, object]]  # (field, before, after)


def log_rows(obj) -> list[LogRow]:
    """Return an object's change log, oldest first, with its changes as rows.

    The template cannot read `changes.items`: a change named "items" (a
    plan's inspection items) would be looked up instead of the dict's items.
    """
    entries = ChangeLogEntry.objects.for_object(obj).select_related("actor")
    return [
        LogRow(
            entry=entry,
            changes=[
                (name, *(pair if isinstance(pair, list | tuple) else (None, pair)))
                for name, pair in (entry.changes or {}).items()
            ],
        )
        for entry in entries
    ]
