"""Columns of an exported dataset: where each value comes from and how it is written.

A column reads one or more ORM paths (`sources`) and turns them into one value;
its type, title, description and enumeration come from the model field it reads
unless given. The same column writes itself to CSV, JSON (API and JSON Lines) and
XLSX, so every surface shows the same values with the same masking. In CSV, a
text that a spreadsheet would run as a formula is quoted (`core.spreadsheets`).
"""

import dataclasses
import datetime
import functools
import json
import operator
import zoneinfo
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models

from portal.core.spreadsheets import QUOTE, TRIGGERS, starts_formula
from portal.disclosures.choices import PenaltyCategory
from portal.disclosures.fields import PenaltyCategoriesField

# Table Schema (Frictionless) types used here; "list" values are joined with
# LIST_DELIMITER in CSV and XLSX cells and are arrays in JSON.
TYPES = ("string", "integer", "number", "date", "datetime", "boolean", "list")
LIST_DELIMITER = ";"
# The one unit of money: the national format's 万元, as stored (CF_NR_FK).
MONEY_UNIT = "万元 (10,000 CNY)"
# Shares are fractions in every file and answer; pages and XLSX show percentages.
SHARE_UNIT = "比例 (share, 0–1: 0.9 = 90%)"
# Types written as text in CSV and XLSX cells, where a spreadsheet reads them.
TEXT_TYPES = frozenset({"string", "list"})
ITERATOR_CHUNK = 2000


def _identity(value):
    return value


@dataclass(frozen=True)
class Column:
    name: str
    sources: tuple[str, ...]
    type: str = "string"
    title: str = ""
    description: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    compute: Callable = _identity
    required: bool = False
    # The unit of a number, the same text in every language ("万元 (10,000 CNY)").
    unit: str = ""
    # Width of its XLSX column in characters; 0 for the width of its type.
    width: int = 0
    # The source holds the column's finished CSV text, formulas quoted.
    csv_ready: bool = False

    def reading_text(self, source: str) -> "Column":
        """Return this column reading its finished CSV text from `source` as it is."""
        return dataclasses.replace(
            self, sources=(source,), type="string", compute=_identity, csv_ready=True
        )

    @property
    def may_start_formula(self) -> bool:
        """Tell whether a value may be text that a spreadsheet runs as a formula."""
        if self.type not in TEXT_TYPES or self.csv_ready:
            return False
        # A computed text of known values (labels) says itself.
        known = getattr(self.compute, "may_start_formula", None)
        if known is not None:
            return known
        if self.choices:
            # An enumeration holds only its values, which the models check on
            # every write: most begin safely, and then none is quoted.
            return any(starts_formula(value) for value, _label in self.choices)
        return True

    @property
    def computed(self) -> bool:
        """Tell whether the value is computed in Python rather than read."""
        return self.compute is not _identity or len(self.sources) > 1

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"Unknown column type {self.type!r} for {self.name}.")


def field_at(model, path: str) -> models.Field:
    """Return the model field at the end of an ORM path such as entity__name."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def _type_of(model_field: models.Field) -> str:
    if isinstance(model_field, PenaltyCategoriesField):
        return "list"
    if isinstance(model_field, models.JSONField):
        return "list"
    if isinstance(model_field, models.ForeignKey):
        return "integer"
    if isinstance(model_field, models.DateTimeField):
        return "datetime"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return "number"
    if isinstance(model_field, models.BooleanField):
        return "boolean"
    if isinstance(model_field, models.IntegerField | models.AutoField):
        return "integer"
    return "string"


def _width_of(model_field: models.Field) -> int:
    """Return an XLSX column width that fits most values of a text field."""
    if isinstance(model_field, models.TextField):
        return 50
    if isinstance(model_field, models.CharField) and not model_field.choices:
        # Chinese characters take two widths; most texts use a part of the limit.
        return max(10, min(40, model_field.max_length or 0))
    return 0


def from_model(model, path: str, *, name: str = "", **overrides) -> Column:
    """Return a column for the field at `path`, described by the model itself."""
    model_field = field_at(model, path)
    choices = overrides.pop("choices", None)
    if choices is None:
        if isinstance(model_field, PenaltyCategoriesField):
            choices = PenaltyCategory.choices
        else:
            choices = model_field.choices or ()
    options = {
        "type": _type_of(model_field),
        "title": model_field.verbose_name,
        "description": model_field.help_text,
        "choices": tuple((value, label) for value, label in choices),
        "required": not (model_field.null or model_field.blank),
        "width": _width_of(model_field),
    }
    options.update(overrides)
    return Column(name=name or path.replace("__", "_"), sources=(path,), **options)


# How each type is written. None is always "" in CSV and null in JSON, and so
# is the empty text of an enumeration (an entity without an ID type).


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


@functools.cache
def zone() -> zoneinfo.ZoneInfo:
    """Return the portal's time zone, in which files write moments."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _datetime_text(value: datetime.datetime) -> str:
    """Write a moment in the portal's time zone (Asia/Shanghai), to the second."""
    # The zone of the settings rather than the active one: a file reads the
    # same whoever asked for it, and this runs once per value of every row.
    return value.astimezone(zone()).isoformat(timespec="seconds")


_CSV = {
    "string": str,
    "integer": str,
    "number": lambda v: _decimal_text(v) if isinstance(v, Decimal) else str(v),
    "date": datetime.date.isoformat,
    "datetime": _datetime_text,
    "boolean": lambda v: "true" if v else "false",
    "list": lambda v: LIST_DELIMITER.join(str(item) for item in v),
}
# Types whose str() is not already their CSV text (str(date) is ISO 8601).
_CSV_CONVERTED = {"number", "datetime", "boolean", "list"}
_JSON = {
    "string": str,
    "integer": int,
    # A float prints the shortest text that reads back as the same number, so a
    # stored 0.200000 is written 0.2; amounts have at most 6 decimals.
    "number": float,
    "date": datetime.date.isoformat,
    "datetime": _datetime_text,
    "boolean": bool,
    "list": list,
}


def _reader(positions: tuple[int, ...], compute: Callable) -> Callable:
    if len(positions) == 1:
        (position,) = positions
        return lambda raw: compute(raw[position])
    getter = operator.itemgetter(*positions)
    return lambda raw: compute(*getter(raw))


def _writer(table: dict, column: Column, empty):
    convert = table[column.type]
    # An empty enumeration is no value of it: null in JSON, as "" in CSV.
    blank_is_empty = column.type != "string" or bool(column.choices)

    def write(value):
        if value is None or (value == "" and blank_is_empty):
            return empty
        return convert(value)

    return write


@dataclass(frozen=True)
class Plan:
    """How to read a selection of columns: the ORM paths and what to do with them."""

    columns: tuple[Column, ...]
    paths: tuple[str, ...]
    _readers: tuple = field(repr=False)
    _csv: tuple = field(repr=False)
    _texts: tuple = field(repr=False)
    _json: tuple = field(repr=False)

    @classmethod
    def of(cls, columns: Iterable[Column]) -> "Plan":
        columns = tuple(columns)
        paths: list[str] = ["pk"]
        firsts, computed = [], []
        for index, column in enumerate(columns):
            positions = []
            for source in column.sources:
                if source not in paths:
                    paths.append(source)
                positions.append(paths.index(source))
            firsts.append(positions[0])
            if column.compute is not _identity or len(positions) > 1:
                computed.append((index, _reader(tuple(positions), column.compute)))
        # Exports write tens of thousands of rows a second: the values read as
        # they are come out of one C-level getter, only computed ones call Python.
        plain = operator.itemgetter(*firsts) if len(firsts) > 1 else None
        return cls(
            columns=columns,
            paths=tuple(paths),
            _readers=(plain, firsts[0] if firsts else 0, tuple(computed)),
            _csv=tuple(
                (index, _CSV[column.type])
                for index, column in enumerate(columns)
                if column.type in _CSV_CONVERTED and not column.csv_ready
            ),
            _texts=tuple(
                index
                for index, column in enumerate(columns)
                if column.may_start_formula
            ),
            _json=tuple(_writer(_JSON, column, None) for column in columns),
        )

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    def values(self, raw: tuple) -> list:
        """Return the columns' Python values for one row read along `paths`."""
        plain, first, computed = self._readers
        values = list(plain(raw)) if plain is not None else [raw[first]]
        for index, read in computed:
            values[index] = read(raw)
        return values

    def read(self, queryset, *, chunk_size: int = ITERATOR_CHUNK) -> Iterator[tuple]:
        """Yield (pk, values) per row, streaming from the database."""
        rows = queryset.values_list(*self.paths).iterator(chunk_size=chunk_size)
        for raw in rows:
            yield raw[0], self.values(raw)

    def as_csv(self, values: list) -> list:
        """Return the row for csv.writer, which writes None as "" and str() the rest.

        A text a spreadsheet would run as a formula gets a single quote in
        front (`core.spreadsheets.neutralise`, inlined: this runs for every
        text of every row). The values are converted in place: read them for
        one format only.
        """
        row = values
        for index, convert in self._csv:
            value = row[index]
            if value is not None:
                row[index] = convert(value)
        for index in self._texts:
            value = row[index]
            if value and value[0] in TRIGGERS:
                row[index] = QUOTE + value
        return row

    def as_json(self, values: list) -> dict:
        return {
            column.name: write(value)
            for column, write, value in zip(
                self.columns, self._json, values, strict=True
            )
        }


def dumps(row: dict) -> str:
    """Write a JSON row the one way every file and delta writes it."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))
