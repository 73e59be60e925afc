"""Read an uploaded file into a header row and numbered data rows.

CSV in UTF-8 (with or without a byte-order mark), GB18030 (a superset of GBK
and GB2312) or UTF-16 with its byte-order mark, separated by commas, tabs or
semicolons (see `encodings` and `delimited`); or XLSX, its first visible
worksheet, read by openpyxl behind a guard (see `workbook`). Whatever the file
declares or claims, it is read within the limits of `limits`, and a file that
is not a table, or not one this importer can read, is refused with an
`UnreadableFile` saying why and what to do, in the user's language.

Rows are numbered as a spreadsheet shows them: the header is row 1, so the
first record is row 2 (in XLSX, the sheet's own row numbers). The header is
the first row that is not empty; its cells are stripped. Data cells come
exactly as the file holds them, spaces included (the column parsers strip
them, see `values.text`); rows without values are left out, and so are empty
cells at the end of a row.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import delimited, encodings, formats, workbook
from .limits import (
    Limits,
    UnreadableFile,
    cell_too_long,
    too_many_columns,
    too_many_rows,
)

__all__ = ["Table", "UnreadableFile", "read_table"]


@dataclass
class Table:
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16" or "xlsx"
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number, cells)


def read_table(stream, *, name: str = "") -> Table:
    """Open a CSV or XLSX stream (binary, seekable) and return its table."""
    limits = Limits.from_settings()
    stream.seek(0)
    head = stream.read(formats.HEAD_BYTES)
    stream.seek(0)
    if formats.sniff(head, name) == "xlsx":
        encoding, rows = "xlsx", workbook.rows(stream, limits)
    else:
        # UTF-8 takes at most four bytes a character.
        encoding = encodings.detect_encoding(
            stream, max_line_bytes=4 * limits.row_characters
        )
        rows = delimited.rows(stream, encoding=encoding, limits=limits)
    rows = _checked(rows, limits)
    try:
        _number, headers = next(rows)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    return Table(encoding=encoding, headers=_header(headers), rows=rows)


def _header(cells: list) -> list[str]:
    headers = [_header_text(cell) for cell in cells]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _header_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip().lstrip("\ufeff").strip()


def _checked(rows, limits: Limits) -> Iterator[tuple[int, list]]:
    """Hold the rows to the limits; leave out empty rows and trailing cells."""
    for number, cells in rows:
        if number > limits.rows + 1:
            raise too_many_rows(limits)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not any(cell is not None and str(cell).strip() for cell in cells):
            continue
        if len(cells) > limits.columns:
            raise too_many_columns(limits, row=number, count=len(cells))
        for column, cell in enumerate(cells, start=1):
            if isinstance(cell, str) and len(cell) > limits.cell_characters:
                raise cell_too_long(limits, row=number, column=column, length=len(cell))
        yield number, cells
