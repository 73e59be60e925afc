"""Read the rows of one worksheet as (row number, cell values), with openpyxl.

openpyxl's worksheet parser reads each row and its cells (shared and inline
strings, numbers, booleans, error codes, dates where the cell's style formats a
date, a formula's calculated value); `xmlparts` streams the rows to it within
bounds. Added here: Excel's escapes undone (_x000D_, which openpyxl leaves in
the text), a formula never calculated refused, rows kept with the numbers the
sheet gives them (so gaps and a wrong <dimension> lose nothing), and the rows
and columns limits held before a row's values are laid out. Rows without
values are left out.
"""

from django.utils.translation import gettext as _
from openpyxl.utils.escape import unescape
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.worksheet._reader import FORMULA_TAG, ROW_TAG, WorkSheetParser

from .limits import Limits, UnreadableFile, column_name, too_many_columns, too_many_rows
from .xmlparts import damaged, elements, hostile

# Excel's own number of columns; a cell takes up to four elements.
MAX_CELLS = 16_384


class SharedStrings(list):
    """The workbook's texts; a negative index is a damaged file, not the last."""

    def __getitem__(self, index):
        if index < 0:
            raise IndexError(index)
        return super().__getitem__(index)


def rows(archive, info, *, strings, dates, timedeltas, epoch, limits: Limits):
    """Yield (row number, values) of the worksheet's rows that hold values."""
    parser = WorkSheetParser(
        None,
        strings,
        data_only=True,
        epoch=epoch,
        date_formats=dates,
        timedelta_formats=timedeltas,
    )
    last = 0
    for element in elements(
        archive,
        info,
        limits,
        depth=3,
        max_held=4 * MAX_CELLS,
        max_bytes=4 * limits.row_characters,
        crowded=_("a row of more than 16,384 cells"),
    ):
        if element.tag != ROW_TAG:
            continue
        try:
            number, cells = parser.parse_row(element)
        except (ValueError, IndexError, TypeError, CellCoordinatesException) as error:
            raise damaged(info.filename, error) from None
        # openpyxl keeps the height of every row; nothing here needs it.
        parser.row_dimensions.clear()
        if number <= last:
            raise hostile(info.filename, _("rows out of order"))
        if number > limits.rows + 1:
            raise too_many_rows(limits)
        last = number
        if values := _values(number, cells, element, limits):
            yield number, values


def _values(number: int, cells: list[dict], element, limits: Limits) -> list:
    values = []
    for cell, source in zip(cells, element, strict=True):
        value, column = cell["value"], cell["column"]
        if value is None or value == "":
            if value is None and source.find(FORMULA_TAG) is not None:
                where = source.get("r") or f"{column_name(column)}{number}"
                raise _uncalculated(where)
            continue
        if column > limits.columns:
            raise too_many_columns(limits, row=number, count=column)
        if type(value) is str and "_x" in value:
            value = unescape(value)
        if column > len(values):
            values.extend([None] * (column - len(values)))
        values[column - 1] = value
    return values


def _uncalculated(cell: str) -> UnreadableFile:
    return UnreadableFile(
        _(
            "Cell %(cell)s holds a formula whose result was never calculated (the "
            "program that wrote the file does not calculate formulas). Open the "
            "file in Excel or WPS and save it again, or replace the formulas by "
            "their values."
        )
        % {"cell": cell}
    )
