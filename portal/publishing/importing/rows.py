"""Build one row into a validated counterpart and record, or its problems."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from portal.core import identifiers
from portal.disclosures.choices import RecordState
from portal.publishing import kinds
from portal.publishing.importing.columns import Column, by_field, resolve_headers
from portal.publishing.importing.values import CellError
from portal.registry.models import Entity


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the column's code, or "" for the row or file as a whole
    message: str


@dataclass
class BuiltRow:
    number: int
    entity: Entity | None = None
    record: object | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: list(error.messages)}


class RowBuilder:
    """Turns cells under a file's headers into model instances of one authority."""

    def __init__(self, *, kind: str, authority, headers: list):
        self.kind = kind
        self.model = kinds.model_for(kind)
        self.authority = authority
        self.columns, self.style, self.unknown = resolve_headers(kind, headers)
        self.targets = by_field(kind)
        present = {column.code for column in self.columns if column}
        self.missing = [
            column
            for column in self.targets.values()
            if column.required and column.code not in present
        ]
        self.missing = list(dict.fromkeys(self.missing))
        # Columns given twice (by code, label or both): which value counts
        # would be a guess, so the file is refused. Positions count from 1.
        positions: dict[Column, list[int]] = {}
        for position, column in enumerate(self.columns, start=1):
            if column is not None:
                positions.setdefault(column, []).append(position)
        self.duplicates = [(c, p) for c, p in positions.items() if len(p) > 1]

    def _column(self, part: str, name: str) -> str:
        column = self.targets.get(f"{part}.{name}")
        return column.code if column else ""

    def build(self, number: int, cells) -> BuiltRow:
        row = BuiltRow(number)
        extra = cells[len(self.columns) :]
        if any(cell not in (None, "") for cell in extra):
            # Every later value would be in the wrong column: one message
            # saying why, not one per shifted cell.
            row.problems.append(
                Problem(
                    number,
                    "",
                    _(
                        "This row has %(n)d values but the header only %(m)d "
                        "columns. In a CSV file, a value that contains a comma "
                        "needs double quotes around it, or it is split in two "
                        "(an unquoted comma); otherwise give the extra column a "
                        "header or remove it."
                    )
                    % {"n": len(cells), "m": len(self.columns)},
                )
            )
            return row
        values = {"entity": {}, "record": {}, "authority": {}}
        failed = {"entity": set(), "record": set()}
        for column, cell in zip(self.columns, cells, strict=False):
            if column is None:
                continue
            try:
                value = column.parse(cell)
            except CellError as error:
                row.problems.append(Problem(number, column.code, str(error.message)))
                if column.part in failed:
                    failed[column.part].add(column.field)
                continue
            self._assign(values, column, value)
        self._check_authority(row, values["authority"])
        entity = Entity(**values["entity"])
        record = self.model(
            **values["record"], authority=self.authority, state=RecordState.DRAFT
        )
        kinds.copy_counterpart(record, entity)
        self._validate(row, "entity", entity, failed["entity"], ["region"])
        # The counterpart's details the record copies are checked on the entity.
        exclude = ["entity", "authority", *kinds.COUNTERPART_AS_DECIDED]
        self._validate(row, "record", record, failed["record"], exclude)
        row.entity, row.record = entity, record
        return row

    @staticmethod
    def _assign(values, column: Column, value) -> None:
        part = values[column.part]
        if column.also:
            value, other = value
            part[column.also.partition(".")[2]] = other
        part[column.field] = value

    def _check_authority(self, row: BuiltRow, given: dict) -> None:
        code = identifiers.compact(given.get("uscc", ""))
        if code and code != self.authority.uscc:
            row.problems.append(
                Problem(
                    row.number,
                    self._column("authority", "uscc"),
                    _(
                        "This row names the authority with code %(code)s; you "
                        "publish for %(name)s (%(uscc)s) only."
                    )
                    % {
                        "code": code,
                        "name": self.authority.name,
                        "uscc": self.authority.uscc,
                    },
                )
            )

    def _validate(self, row, part, instance, failed, exclude) -> None:
        try:
            instance.full_clean(
                exclude=[*exclude, *failed],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in _messages(error).items():
                if name in failed:
                    # The cell's own problem is reported; a rule across
                    # fields that saw it empty would only repeat it.
                    continue
                column = "" if name == NON_FIELD_ERRORS else self._column(part, name)
                for message in messages:
                    row.problems.append(Problem(row.number, column, message))
