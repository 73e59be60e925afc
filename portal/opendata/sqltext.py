"""Values written as their CSV text by the database itself, for fast downloads.

A full CSV download spends most of its time turning database values into
Python objects (dates, decimals, aware datetimes) and back into text. For the
columns that are plain fields of those types, the database can write the text
directly, exactly as `portal.opendata.columns` would: ISO dates, datetimes in
the portal's time zone to the second, amounts without trailing zeros, lists
joined with ";", booleans as true/false, and texts that would start a formula
with a single quote in front (`core.spreadsheets.Neutralised`).
"""

import datetime
import functools
import zoneinfo
from collections.abc import Iterator

from django.conf import settings
from django.db import NotSupportedError, connections
from django.db.models import CharField, F, Func, Value
from django.db.models.functions import Cast, Coalesce

from portal.core.spreadsheets import Neutralised
from portal.disclosures.fields import PenaltyCategoriesField
from portal.opendata.columns import (
    ITERATOR_CHUNK,
    LIST_DELIMITER,
    Column,
    Plan,
    field_at,
)
from portal.opendata.formats import csv_chunks, text_chunks

# Each template takes the value as %(expressions)s. A literal % is written %%%%:
# once for the template, once for the database cursor's parameter style.
_SQLITE = {
    # CAST: a column declared "date" would be parsed by the driver on the way.
    "date": "CAST(%(expressions)s AS TEXT)",
    # Stored as UTC text with microseconds; cut to the second first, because
    # strftime rounds the fraction where Python's isoformat cuts it.
    "datetime": (
        "strftime('%%%%Y-%%%%m-%%%%dT%%%%H:%%%%M:%%%%S', "
        "substr(%(expressions)s, 1, 19), '{seconds} seconds') || '{offset}'"
    ),
    # Six decimals at most (the national format's precision), then no
    # trailing zeros: 0.200000 → 0.2, 3.000000 → 3.
    "number": (
        "CASE WHEN %(expressions)s IS NULL THEN NULL ELSE "
        "rtrim(rtrim(printf('%%%%.6f', %(expressions)s), '0'), '.') END"
    ),
    "list": "trim(replace(%(expressions)s, ',', '{delimiter}'), '{delimiter}')",
    "boolean": (
        "CASE WHEN %(expressions)s THEN 'true' "
        "WHEN NOT %(expressions)s THEN 'false' END"
    ),
}
_POSTGRESQL = {
    "date": "(%(expressions)s)::text",
    "datetime": (
        "to_char(%(expressions)s AT TIME ZONE '{zone}', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS') || '{offset}'"
    ),
    "number": "trim_scale(%(expressions)s)::text",
    "list": "btrim(replace(%(expressions)s, ',', '{delimiter}'), '{delimiter}')",
    "boolean": (
        "CASE WHEN %(expressions)s THEN 'true' "
        "WHEN NOT %(expressions)s THEN 'false' END"
    ),
}
_TEMPLATES = {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}
TYPES = frozenset(_SQLITE)


@functools.cache
def fixed_offset() -> datetime.timedelta | None:
    """Return the portal time zone's UTC offset if it never changes (no DST)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    year = datetime.date.today().year
    offsets = {
        datetime.datetime(year, month, 1, tzinfo=zone).utcoffset()
        for month in range(1, 13)
    }
    # Asia/Shanghai has kept +08:00 since 1991; a zone with summer time falls
    # back to Python, which knows each moment's offset.
    return offsets.pop() if len(offsets) == 1 else None


def _offset_text(offset: datetime.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def supported(vendor: str, kind: str) -> bool:
    """Tell whether this engine writes values of this type as CSV text here."""
    if vendor not in _TEMPLATES or kind not in TYPES:
        return False
    return kind != "datetime" or fixed_offset() is not None


class CsvText(Func):
    """The CSV text of the field at `path`, a value of column type `kind`."""

    output_field = CharField()

    def __init__(self, path: str, kind: str):
        super().__init__(F(path))
        self.kind = kind

    def _template(self, vendor: str) -> str:
        if not supported(vendor, self.kind):
            raise NotSupportedError(f"No CSV text for {self.kind} on {vendor}.")
        offset = fixed_offset() or datetime.timedelta(0)
        return _TEMPLATES[vendor][self.kind].format(
            seconds=int(offset.total_seconds()),
            offset=_offset_text(offset),
            zone=settings.TIME_ZONE,
            delimiter=LIST_DELIMITER,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=self._template("sqlite"), **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=self._template("postgresql"), **extra
        )


def _column_text(column: Column, queryset, vendor: str):
    """Return an expression for the column's CSV text, or None if Python writes it.

    Plain text and integer fields are not converted here: they need no
    conversion to be read as they are.
    """
    expression = _converted(column, queryset, vendor)
    if expression is None or not column.may_start_formula:
        return expression
    return Neutralised(expression)


def _converted(column: Column, queryset, vendor: str):
    sql_text = getattr(column.compute, "sql_text", None)
    if sql_text is not None:
        # A computed column that can say how the database writes it.
        return sql_text(*column.sources)
    if column.computed or not supported(vendor, column.type):
        return None
    if column.type == "list" and not _is_category_field(queryset, column):
        return None
    return CsvText(column.sources[0], column.type)


def csv_selection(plan: Plan, queryset) -> tuple[Plan, object]:
    """Return a plan and queryset reading `plan`'s columns as CSV-ready values.

    Plain fields of the converted types become database-written text; the rest
    (computed columns, JSON lists) are read and converted as `plan` does.
    """
    vendor = connections[queryset.db].vendor
    annotations, columns = {}, []
    for index, column in enumerate(plan.columns):
        expression = _column_text(column, queryset, vendor)
        if expression is None:
            columns.append(column)
            continue
        name = f"_csv_{index}"
        annotations[name] = expression
        columns.append(column.reading_text(name))
    return Plan.of(columns), queryset.annotate(**annotations)


def _is_category_field(queryset, column: Column) -> bool:
    # The one list stored as ",a,b," text; JSON lists are left to Python.
    return isinstance(
        field_at(queryset.model, column.sources[0]), PenaltyCategoriesField
    )


# Rows of text --------------------------------------------------------------


def _text_of(column: Column, queryset, vendor: str):
    expression = _column_text(column, queryset, vendor)
    if expression is None and not column.computed:
        if column.type == "integer":
            expression = Cast(F(column.sources[0]), CharField())
        elif column.type == "string":
            expression = Neutralised(F(column.sources[0]))
    if expression is None:
        return None
    return Coalesce(expression, Value(""), output_field=CharField())


def csv_texts(plan: Plan, queryset):
    """Return rows of the columns' CSV text, or None if Python must convert some.

    The database writes every value as its text (NULL as ""), so each row is
    ready to be joined into its line. That needs every column to be one the
    database can write (no JSON list, no column computed in Python only) and
    at least two columns: csv.writer writes a lone empty value as "".
    """
    vendor = connections[queryset.db].vendor
    if vendor not in _TEMPLATES or len(plan.columns) < 2:
        return None
    annotations = {}
    for index, column in enumerate(plan.columns):
        expression = _text_of(column, queryset, vendor)
        if expression is None:
            return None
        annotations[f"_csv_{index}"] = expression
    return queryset.annotate(**annotations).values_list(*annotations)


def csv_download(plan: Plan, queryset) -> Iterator[bytes]:
    """Yield `queryset` as a CSV file, written as much by the database as it can."""
    rows = csv_texts(plan, queryset)
    if rows is None:
        fast_plan, fast_queryset = csv_selection(plan, queryset)
        return csv_chunks(fast_plan, fast_plan.read(fast_queryset))
    return text_chunks(plan.names, rows.iterator(chunk_size=ITERATOR_CHUNK))
