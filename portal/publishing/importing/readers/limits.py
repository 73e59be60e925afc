"""What an import file may hold, and the error that refuses a file.

The limits are settings (see .env.example). They are checked before and while
a file is read, so that no file, however built, makes the worker hold more than
a bounded amount of it: a refusal comes as soon as a limit is passed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter


class UnreadableFile(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cell_characters: int
    xlsx_uncompressed_bytes: int
    xlsx_shared_strings_bytes: int
    xlsx_compression_ratio: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cell_characters=settings.IMPORT_MAX_CELL_CHARACTERS,
            xlsx_uncompressed_bytes=settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES,
            xlsx_shared_strings_bytes=settings.IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES,
            xlsx_compression_ratio=settings.IMPORT_XLSX_MAX_COMPRESSION_RATIO,
        )

    @property
    def row_characters(self) -> int:
        """Return the longest a row can be: every column full, quoted."""
        return self.columns * (self.cell_characters + 3)


def figure(number: int) -> str:
    return f"{number:,}"


def size(number: int) -> str:
    return filesizeformat(number)


def column_name(index: int) -> str:
    """Return a column as a spreadsheet names it (1 is A), if it can."""
    return get_column_letter(index) if index <= 18278 else figure(index)


def too_many_rows(limits: Limits) -> UnreadableFile:
    return UnreadableFile(
        _(
            "The file has more than %(limit)s rows; the importer reads at most "
            "%(limit)s rows from one file. Split it into several files."
        )
        % {"limit": figure(limits.rows)}
    )


def too_many_columns(limits: Limits, *, row: int, count: int) -> UnreadableFile:
    return UnreadableFile(
        _(
            "Row %(row)s reaches column %(count)s, beyond the %(limit)s columns a "
            "file may have. Delete the columns to the right of the table (cells "
            "that look empty may hold spaces), then upload the file again."
        )
        % {"row": row, "count": figure(count), "limit": figure(limits.columns)}
    )


def cell_too_long(
    limits: Limits, *, row: int, column: int, length: int | None = None
) -> UnreadableFile:
    """Refuse a cell of `length` characters (None: more than the limit)."""
    where = {"row": row, "column": column_name(column)}
    limit = figure(limits.cell_characters)
    if length is None:
        return UnreadableFile(
            _(
                "Row %(row)s, column %(column)s holds more than %(limit)s "
                "characters, the most a cell may hold. Shorten it, then upload the "
                "file again."
            )
            % {**where, "limit": limit}
        )
    return UnreadableFile(
        _(
            "Row %(row)s, column %(column)s holds %(length)s characters; a cell "
            "may hold at most %(limit)s. Shorten it, then upload the file again."
        )
        % {**where, "length": figure(length), "limit": limit}
    )
