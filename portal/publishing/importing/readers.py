"""Read an uploaded file into a header row and numbered data rows.

CSV in UTF-8 (with or without a byte-order mark) or GB18030 (a superset of GBK
and GB2312), detected by decoding: a file that is valid UTF-8 is UTF-8, any
other is tried as GB18030. XLSX is read with openpyxl in read-only mode, the
first worksheet. Rows are numbered as a spreadsheet shows them: the header is
row 1, so the first record is row 2.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

_CHUNK = 1 << 20
_XLSX_MAGIC = b"PK\x03\x04"


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX file this importer can read."""


@dataclass
class Table:
    encoding: str  # "utf-8", "utf-8-sig", "gb18030" or "xlsx"
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number, cells)


def detect_encoding(stream) -> str:
    """Return the encoding of a CSV stream (read to the end, then rewound)."""
    stream.seek(0)
    head = stream.read(3)
    if head == codecs.BOM_UTF8:
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(head)
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "gb18030"
    stream.seek(0)
    return encoding


def _csv_rows(stream, encoding: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    sample = text.read(64 * 1024)
    text.seek(0)
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(text, dialect)
    except UnicodeDecodeError:
        raise UnreadableFile(
            _(
                "The file is neither UTF-8 nor GB18030/GBK text: save it again as "
                "CSV (UTF-8) or as XLSX."
            )
        ) from None
    finally:
        # Leave the caller's stream open (it closes it), unless it already did.
        if not text.closed:
            text.detach()


def _xlsx_rows(stream) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            _("The XLSX file could not be opened (%(error)s).") % {"error": error}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _numbered(rows: Iterator[list]) -> Iterator[tuple[int, list]]:
    for number, cells in enumerate(rows, start=2):
        if any(cell not in (None, "") and str(cell).strip() for cell in cells):
            yield number, cells


def read_table(stream, *, name: str = "") -> Table:
    """Open a CSV or XLSX stream (binary, seekable) and return its table."""
    stream.seek(0)
    is_xlsx = stream.read(4) == _XLSX_MAGIC
    stream.seek(0)
    if is_xlsx:
        encoding, rows = "xlsx", _xlsx_rows(stream)
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(_("The file is named .xlsx but is not an XLSX file."))
    else:
        encoding = detect_encoding(stream)
        rows = _csv_rows(stream, encoding)
    try:
        headers = next(rows)
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    headers = [("" if h is None else str(h)).strip() for h in headers]
    return Table(encoding=encoding, headers=headers, rows=_numbered(rows))
