"""Write rows as CSV, JSON Lines or XLSX, chunk by chunk, in constant memory.

No text cell of a CSV or XLSX file runs as a formula (`core.spreadsheets`): in
CSV a single quote goes in front of a text that begins like one (done by
`Plan.as_csv`, or by the database for `text_chunks`); in XLSX the cell is typed
as text and marked quote-prefixed, and its value stays exact. JSON Lines keep
every text as stored.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from portal.core.spreadsheets import xlsx_text
from portal.opendata.columns import (
    LIST_DELIMITER,
    MONEY_UNIT,
    SHARE_UNIT,
    Plan,
    dumps,
    zone,
)
from portal.opendata.computed import PageUrl

# What the data dictionary and the Table Schemas say of the rule above.
CSV_TEXT_RULE = _(
    "In CSV files, a text that begins with =, +, -, @, a tab, a carriage return "
    "or one of ＝＋－＠ has a single quote (') put in front, so that spreadsheet "
    "programs show it as text instead of running it as a formula; remove that "
    "first ' to get the stored text. XLSX files keep such a text as it is, in a "
    "cell marked as text. Numbers, dates and other typed values are never "
    "changed, and JSON Lines and the API give every text as stored."
)
# A byte-order mark lets spreadsheet software recognise UTF-8, so Chinese text
# opens correctly on a double click.
BOM = "\ufeff"
_FLUSH_ROWS = 500


def csv_chunks(plan: Plan, rows, *, bom: bool = True) -> Iterator[bytes]:
    """Yield a CSV file (header, then one line per row) as UTF-8 chunks."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow(plan.names)
    batch = []
    for _pk, values in rows:
        batch.append(plan.as_csv(values))
        if len(batch) == _FLUSH_ROWS:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue().encode()


def text_chunks(names: list[str], rows) -> Iterator[bytes]:
    """Yield a CSV file from rows whose values are all text already.

    The same file as `csv_chunks`, faster: csv.writer reads every character of
    every value, while most lines are just their values joined by commas. Only
    a row with a comma, a double quote or a line break in a value goes through
    csv.writer, which quotes it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(names)
    yield buffer.getvalue().encode()
    commas = len(names) - 1
    batch: list[str] = []
    for row in rows:
        line = ",".join(row)
        if line.count(",") != commas or '"' in line or "\r" in line or "\n" in line:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            line = buffer.getvalue()[:-2]
        batch.append(line)
        if len(batch) == _FLUSH_ROWS:
            batch.append("")
            yield "\r\n".join(batch).encode()
            batch.clear()
    if batch:
        batch.append("")
        yield "\r\n".join(batch).encode()


def jsonl_chunks(plan: Plan, rows) -> Iterator[bytes]:
    """Yield JSON Lines (one object per row) as UTF-8 chunks."""
    lines: list[str] = []
    for _pk, values in rows:
        lines.append(dumps(plan.as_json(values)))
        if len(lines) == _FLUSH_ROWS:
            yield ("\n".join(lines) + "\n").encode()
            lines.clear()
    if lines:
        yield ("\n".join(lines) + "\n").encode()


# Widths by type for columns that do not give their own; a header is never cut.
_WIDTHS = {
    "integer": 10,
    "number": 14,
    "date": 12,
    "datetime": 27,
    "boolean": 8,
    "list": 30,
    "string": 20,
}
_URL_WIDTH = 45
_MAX_WIDTH = 60
_DATE_FORMAT = "yyyy-mm-dd"
# Money keeps its decimals (万元 to the yuan and below) with thousands separators;
# a share (a fraction in the cell) reads as a percentage; other counted
# quantities (working days, records) group their thousands.
_UNIT_FORMATS = {MONEY_UNIT: "#,##0.00####", SHARE_UNIT: "0.0%"}
_QUANTITY_FORMAT = "#,##0.##"


def _width(column) -> int:
    width = column.width or _WIDTHS[column.type]
    if isinstance(column.compute, PageUrl):
        width = _URL_WIDTH
    return min(_MAX_WIDTH, max(width, len(column.name) + 2))


def _offset_text(moment: datetime.datetime) -> str:
    offset = moment.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def _typed(sheet, value, number_format: str):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def _xlsx_cell(sheet, column, value):
    if value is None or value == "" or value == []:
        return None
    if column.type in ("integer", "number"):
        if column.type == "integer":
            return int(value)
        if column.unit:
            number_format = _UNIT_FORMATS.get(column.unit, _QUANTITY_FORMAT)
            return _typed(sheet, float(value), number_format)
        return float(value)
    if column.type == "date":
        return _typed(sheet, value, _DATE_FORMAT)
    if column.type == "datetime":
        # Excel has no time zones: the cell holds Beijing time (the portal's
        # zone) as a real date and time, and shows its offset beside it.
        local = value.astimezone(zone())
        return _typed(
            sheet,
            local.replace(tzinfo=None),
            f'yyyy-mm-dd hh:mm:ss"{_offset_text(local)}"',
        )
    if column.type == "list":
        value = LIST_DELIMITER.join(str(item) for item in value)
    elif column.type == "boolean":
        value = "true" if value else "false"
    return xlsx_text(sheet, str(value))


def _prepare(sheet, plan: Plan) -> None:
    """Size the columns and freeze the header, which write-only mode needs first."""
    for index, column in enumerate(plan.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    sheet.freeze_panes = "A2"


def xlsx_file(plan: Plan, rows, *, title: str) -> tempfile.SpooledTemporaryFile:
    """Write an XLSX workbook in write-only mode; return it rewound.

    The header row is frozen and has a filter over every row written; the
    columns have widths; dates and times are typed cells (Beijing time, its
    offset shown), amounts in 万元 numbers shown with thousands separators.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    _prepare(sheet, plan)
    sheet.append(plan.names)
    count = 0
    for _pk, values in rows:
        sheet.append(
            [
                _xlsx_cell(sheet, column, value)
                for column, value in zip(plan.columns, values, strict=True)
            ]
        )
        count += 1
    if plan.columns:
        # Written after the rows, when their number is known.
        last = get_column_letter(len(plan.columns))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    # Handed to the response, which closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output


def stamp(today: datetime.date) -> str:
    return today.strftime("%Y%m%d")
