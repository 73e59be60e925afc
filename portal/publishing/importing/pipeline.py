"""Check rows in chunks and plan what publishing them does; then write the plan.

`check_rows` validates every row (cells, the models' `full_clean()`, the
authority, duplicates within the file) and classifies each valid one against
the authority's records: new, a correction of a published record, or
unchanged. `write_plans` carries a plan out in one transaction.
"""

import itertools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from portal.core import identifiers
from portal.core.models import ChangeLogEntry
from portal.disclosures.choices import RecordState
from portal.publishing import kinds
from portal.publishing.choices import RowOutcome
from portal.publishing.exceptions import PublishingError
from portal.publishing.importing import bulk
from portal.publishing.importing.columns import other_kind_matches
from portal.publishing.importing.rows import Problem, RowBuilder
from portal.publishing.models import RecordVersion
from portal.publishing.services import audit
from portal.publishing.services.entities import (
    Decision,
    entity_key,
    find_existing,
    resolve_entities,
)
from portal.publishing.services.records import keep_version
from portal.registry.models import Authority, Entity
from portal.search.indexing import schedule_reindex

CHUNK = 1000
_IN = 500
Action = ChangeLogEntry.Action


@dataclass
class Plan:
    """What publishing one valid row does."""

    number: int
    entity: Entity
    record: object
    entity_key: tuple
    outcome: str


@dataclass(frozen=True)
class Correction:
    """What publishing a row changes in a published record, before it does."""

    row: int
    record_id: int
    decision_number: str
    changes: dict  # {field: [before, after]}, as the change log has them


@dataclass
class Checked:
    rows_total: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(RowOutcome.values, 0))
    problems: list[Problem] = field(default_factory=list)
    # What the official should know before publishing, blocking nothing.
    warnings: list[Problem] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    header_style: str = ""
    ignored_columns: list[str] = field(default_factory=list)
    file_problem: bool = False

    @property
    def rows_valid(self) -> int:
        return self.rows_total - self.counts[RowOutcome.INVALID]


def _chunks(rows, size):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def existing_records(kind: str, authority, numbers) -> dict:
    """Return the authority's records with these decision numbers, by number."""
    model = kinds.model_for(kind)
    numbers = sorted(set(numbers))
    found = {}
    for start in range(0, len(numbers), _IN):
        # No ordering: ordered, SQLite walks the authority's (decided_on) index
        # through every one of its records, 100,000 of them inside an import,
        # instead of looking the numbers up in the unique index.
        queryset = (
            model.objects.filter(
                authority=authority, decision_number__in=numbers[start : start + _IN]
            )
            .order_by()
            .select_related("entity")
        )
        found.update((record.decision_number, record) for record in queryset)
    return found


def _classify(kind, record, entity, existing) -> tuple[str, str, dict]:
    """Return (outcome, problem message or "", changes) for a valid row.

    The changes are those a correction would make: {field: [before, after]}.
    """
    if existing is None or existing.state == RecordState.DRAFT:
        return RowOutcome.NEW, "", {}
    if existing.state == RecordState.WITHDRAWN:
        message = _(
            "The record with this decision number was withdrawn on %(date)s and "
            "cannot be published again."
        ) % {"date": timezone.localdate(existing.withdrawn_at).isoformat()}
        return RowOutcome.INVALID, message, {}
    fields = [name for name in kinds.content_fields(kind) if name != "entity"]
    changes = audit.changes_between(existing, record, fields)
    if entity_key(existing.entity) != entity_key(entity):
        # Another counterpart altogether: its code changed.
        changes = {
            "entity": [_counterpart(existing.entity), _counterpart(entity)],
            **changes,
        }
    if changes:
        return RowOutcome.CHANGED, "", changes
    return RowOutcome.UNCHANGED, "", {}


def _counterpart(entity: Entity) -> str:
    """Name a counterpart by its public name and code (a person's ID masked)."""
    code = entity.id_masked or entity.uscc
    if not code or code == identifiers.USCC_PLACEHOLDER:
        code = entity.business_registration_number
    return f"{entity.public_name} ({code})"


def _name_warnings(builder: RowBuilder, row, stored: Entity | None) -> list[Problem]:
    """Warn when a row names a known counterpart otherwise than it is named now."""
    if stored is None or row.entity.name == stored.name:
        return []
    current = stored.public_name
    params = {
        "code": stored.key if not stored.is_person else stored.id_masked,
        "current": current,
        "name": row.entity.name,
    }
    if Decision(row.record.decided_on, "", "").is_current_for(stored):
        message = _(
            "The counterpart %(code)s is named “%(current)s” now; this row names "
            "it “%(name)s”. The record is published under “%(name)s” and, as the "
            "most recent decision about it, renames the counterpart (“%(current)s” "
            "is kept as a former name). Other records keep their own names."
        )
    else:
        params["date"] = stored.details_as_of.isoformat()
        message = _(
            "The counterpart %(code)s is named “%(current)s” now; this row names "
            "it “%(name)s”. The record is published under “%(name)s”; the "
            "counterpart keeps “%(current)s”, the name in a more recent decision "
            "(%(date)s)."
        )
    column = builder.targets["entity.name"].code
    return [Problem(row.number, column, message % params)]


def check_rows(
    *,
    kind: str,
    authority,
    headers: list,
    rows: Iterable,
    sink: Callable[[list[Plan]], None] | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> Checked:
    """Validate and classify every row; hand each chunk's plans to `sink`.

    Plans are made for the valid rows that publishing would write (new or
    changed); unchanged rows need none.
    """
    builder = RowBuilder(kind=kind, authority=authority, headers=headers)
    checked = Checked(header_style=builder.style, ignored_columns=builder.unknown)
    if builder.missing:
        if other_kind_matches(kind, headers) > len(headers) // 2:
            checked.problems.append(
                Problem(1, "", _("These columns are of the other record type."))
            )
        for column in builder.missing:
            checked.problems.append(
                Problem(
                    1,
                    column.code,
                    _("The required column %(code)s (%(label)s) is missing.")
                    % {"code": column.code, "label": column.label},
                )
            )
        checked.file_problem = True
        return checked
    if builder.duplicates:
        for column, positions in builder.duplicates:
            checked.problems.append(
                Problem(
                    1,
                    column.code,
                    _(
                        "The column %(code)s (%(label)s) is in the header more "
                        "than once (columns %(positions)s): keep one of them."
                    )
                    % {
                        "code": column.code,
                        "label": column.label,
                        "positions": get_text_list(
                            [str(p) for p in positions], _("and")
                        ),
                    },
                )
            )
        checked.file_problem = True
        return checked
    number_code = builder.targets["record.decision_number"].code
    seen: dict[str, int] = {}
    for chunk in _chunks(rows, CHUNK):
        plans = []
        built = [builder.build(number, cells) for number, cells in chunk]
        for row in built:
            # A row too broken to read has no record.
            number = row.record.decision_number if row.record is not None else ""
            if number and number in seen:
                row.problems.append(
                    Problem(
                        row.number,
                        number_code,
                        _(
                            "The decision number %(number)s already appears in "
                            "row %(row)d of this file."
                        )
                        % {"number": number, "row": seen[number]},
                    )
                )
            elif number:
                seen[number] = row.number
        existing = existing_records(
            kind, authority, [row.record.decision_number for row in built if row.ok]
        )
        entities = find_existing(entity_key(row.entity) for row in built if row.ok)
        for row in built:
            checked.rows_total += 1
            outcome = RowOutcome.INVALID
            if row.ok:
                key = entity_key(row.entity)
                stored = existing.get(row.record.decision_number)
                outcome, message, changes = _classify(
                    kind, row.record, row.entity, stored
                )
                if changes:
                    checked.corrections.append(
                        Correction(
                            row.number, stored.pk, stored.decision_number, changes
                        )
                    )
                if message:
                    row.problems.append(Problem(row.number, number_code, message))
                elif outcome != RowOutcome.UNCHANGED:
                    plans.append(Plan(row.number, row.entity, row.record, key, outcome))
                    checked.warnings.extend(
                        _name_warnings(builder, row, entities.get(key))
                    )
            checked.counts[outcome] += 1
            checked.problems.extend(row.problems)
        if sink is not None:
            sink(plans)
        progress(checked.rows_total)
    return checked


@dataclass
class Written:
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    entities_created: int = 0
    entities_updated: int = 0
    ids: list[int] = field(default_factory=list)


@transaction.atomic
def write_plans(
    *,
    kind: str,
    authority,
    plans: Iterable[Plan],
    actor,
    source: str,
    reason: str,
    reindex: Callable[[str, list[int]], None] = schedule_reindex,
    on_written: Callable[[Written], None] | None = None,
) -> Written:
    """Publish new rows and correct changed ones, in one transaction.

    `reindex(kind, ids)` is called for each chunk of changed records; the
    default reindexes once the transaction commits. `on_written(written)` is
    called last, inside the transaction, to record the outcome with it.
    """
    # One publication per authority at a time (a no-op lock on SQLite, whose
    # writers are serialised anyway).
    Authority.objects.select_for_update().filter(pk=authority.pk).first()
    _large_cache()
    written = Written()
    for chunk in _chunks(plans, CHUNK):
        _write_chunk(
            kind=kind,
            authority=authority,
            chunk=chunk,
            actor=actor,
            source=source,
            reason=reason,
            reindex=reindex,
            written=written,
        )
    if on_written is not None:
        on_written(written)
    return written


def _write_chunk(*, kind, authority, chunk, actor, source, reason, reindex, written):
    model = kinds.model_for(kind)
    content = kinds.content_fields(kind)
    update_fields = [*content, "state", "version", "published_at", *_derived(model)]
    content_type = kinds.content_type(kind)
    now = timezone.now()
    candidates = {}
    decisions: dict[tuple, Decision] = {}
    for plan in chunk:
        # The counterpart's details come from its most recent decision (on
        # one day, the later row), whatever the rows' order.
        key, record = plan.entity_key, plan.record
        if key not in decisions or record.decided_on >= decisions[key].decided_on:
            candidates[key] = plan.entity
            decisions[key] = Decision(
                record.decided_on, record.decision_number, authority.name
            )
    entities, created, updated = resolve_entities(
        candidates=candidates,
        decisions=decisions,
        actor=actor,
        source=source,
        reindex=reindex,
    )
    written.entities_created += created
    written.entities_updated += updated
    existing = existing_records(
        kind, authority, [plan.record.decision_number for plan in chunk]
    )
    to_create, to_update, versions, entries = [], [], [], []
    for plan in chunk:
        record = plan.record
        record.entity = entities[plan.entity_key]
        record.authority = authority
        stored = existing.get(record.decision_number)
        if stored is None:
            record.state, record.published_at = RecordState.PUBLISHED, now
            to_create.append(record)
            continue
        changes = audit.changes_between(stored, record, content)
        if stored.state == RecordState.WITHDRAWN:
            raise PublishingError(
                _("Record %(number)s was withdrawn meanwhile: check the file again.")
                % {"number": record.decision_number}
            )
        if stored.state == RecordState.DRAFT:
            action = Action.PUBLISH
            stored.state, stored.published_at = RecordState.PUBLISHED, now
            written.created += 1
        elif changes:
            action = Action.CORRECT
            versions.append(keep_version(stored))
            stored.version += 1
            stored.state = RecordState.CORRECTED
            written.corrected += 1
        else:
            written.unchanged += 1
            continue
        for name in content:
            setattr(stored, name, getattr(record, name))
        stored.derive_rule_fields()
        stored.updated_at = now
        to_update.append(stored)
        entries.append(
            audit.entry(
                stored,
                action=action,
                actor=actor,
                changes=changes,
                reason=reason if action == Action.CORRECT else "",
                source=source,
                version=stored.version,
                content_type=content_type,
            )
        )
    bulk.insert(model, to_create)
    if to_create:
        ids = _ids_by_number(
            model, authority, [record.decision_number for record in to_create]
        )
        for record in to_create:
            record.pk = ids[record.decision_number]
    model.objects.bulk_update(to_update, update_fields, batch_size=audit.BATCH_SIZE)
    RecordVersion.objects.bulk_create(versions, batch_size=audit.BATCH_SIZE)
    entries += [
        audit.entry(
            record,
            action=Action.PUBLISH,
            actor=actor,
            source=source,
            version=1,
            content_type=content_type,
        )
        for record in to_create
    ]
    audit.write(entries)
    written.created += len(to_create)
    ids = [record.pk for record in to_create + to_update]
    written.ids += ids
    reindex(kind, ids)


# SQLite's page cache (2 MB by default) is far smaller than the indexes a
# 100,000-row transaction touches; past it every insert rereads pages.
_SQLITE_CACHE_KIB = 256 * 1024


def _large_cache() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{_SQLITE_CACHE_KIB}")


def _ids_by_number(model, authority, numbers) -> dict[str, int]:
    ids = {}
    for start in range(0, len(numbers), _IN):
        ids.update(
            model.objects.filter(
                authority=authority, decision_number__in=numbers[start : start + _IN]
            )
            .order_by()  # as in existing_records: the unique index, not a walk
            .values_list("decision_number", "pk")
        )
    return ids


def _derived(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.editable and f.name not in ("id", "created_at")
    ]


def plan_line(plan: Plan) -> str:
    """Return a plan as one line of JSON, kept between check and publish."""
    return bulk.dumps(
        {
            "n": plan.number,
            "o": plan.outcome,
            "k": list(plan.entity_key),
            "e": bulk.dump(plan.entity),
            "r": bulk.dump(plan.record),
        }
    )


def plan_from_line(kind: str, line: str) -> Plan:
    data = json.loads(line)
    return Plan(
        number=data["n"],
        entity=bulk.load(Entity, data["e"]),
        record=bulk.load(kinds.model_for(kind), data["r"]),
        entity_key=tuple(data["k"]),
        outcome=data["o"],
    )
