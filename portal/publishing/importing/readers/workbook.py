"""Open an XLSX workbook with openpyxl, within the limits, and stream its first
visible worksheet.

openpyxl reads the workbook; this module chooses the parts it reads and checks
each first. The ZIP's directory comes first: at most 10,000 parts, none of
them, nor all together, unpacking to more than the limit, none compressed more
than the ratio allows. zipfile never unpacks more than a part declares (one
that declares less fails its CRC check), so a "zip bomb" is refused in a
moment. Then only these parts are read: the content types, the workbook, its
relationships and the styles, which openpyxl parses whole, so each must be
small and is parsed within bounds first (`xmlparts`); the shared strings,
streamed and held as a list within their own limit; and the first visible
worksheet (hidden sheets and chart sheets passed over), streamed row by row
(`worksheet`). Nothing else (chart sheets, drawings, pictures, external links,
document properties) is opened.
"""

import zipfile
import zlib
from contextlib import contextmanager

from django.utils.translation import gettext as _
from openpyxl.cell.text import Text
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.xml.constants import (
    ARC_CONTENT_TYPES,
    ARC_STYLE,
    SHARED_STRINGS,
    SHEET_MAIN_NS,
)

from . import worksheet
from .limits import Limits, UnreadableFile, figure, size
from .xmlparts import damaged, elements, hostile

# A workbook holds tens of parts; a directory of many thousands is an attack
# on the memory zipfile needs to list them.
_MAX_MEMBERS = 10_000
# Small parts may compress any amount; the ratio is checked from this size on.
_RATIO_FROM = 1 << 20
# What openpyxl parses whole: a style-laden workbook's styles take a few MB.
_SMALL_BYTES = 16 * 1024 * 1024
_SMALL_ELEMENTS = 100_000
# Excel allows 64,000 cell formats, of up to three elements each.
_STYLE_ELEMENTS = 200_000
_SI = f"{{{SHEET_MAIN_NS}}}si"
# Number formats 27-36 and 50-58 are built in for Chinese locales: dates and
# times (ECMA-376 Part 1, 18.8.30), which openpyxl does not know. Chinese Excel
# writes 2025年1月21日 as 31.
_CJK_DATE_FORMATS = frozenset((*range(27, 37), *range(50, 59)))


def rows(stream, limits: Limits):
    """Yield (row number, cells) of the workbook's first visible worksheet."""
    archive = _open(stream, limits)
    try:
        yield from _rows(archive, limits)
    finally:
        archive.close()


def _open(stream, limits: Limits) -> zipfile.ZipFile:
    stream.seek(0)
    try:
        # The end record says how many members the directory lists, before
        # zipfile reads them all (the one way to it is this private helper).
        end = zipfile._EndRecData(stream)
        if end and end[zipfile._ECD_ENTRIES_TOTAL] > _MAX_MEMBERS:
            raise hostile("ZIP", _("more than 10,000 parts"))
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise UnreadableFile(
            _("The XLSX file could not be opened (%(error)s).") % {"error": error}
        ) from None
    members = archive.infolist()
    for info in members:
        _check_size(info, limits.xlsx_uncompressed_bytes)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= _RATIO_FROM and ratio > limits.xlsx_compression_ratio:
            raise UnreadableFile(
                _(
                    "Part %(part)s of the XLSX file unpacks to %(ratio)s times its "
                    "packed size (%(size)s); no spreadsheet compresses that much, "
                    "so the file is refused as a possible “zip bomb”. If it is a "
                    "genuine file, save it as “CSV UTF-8” and upload that."
                )
                % {
                    "part": info.filename,
                    "ratio": figure(int(ratio)),
                    "size": size(info.file_size),
                }
            )
    unpacked = sum(info.file_size for info in members)
    if unpacked > limits.xlsx_uncompressed_bytes:
        raise UnreadableFile(
            _(
                "The XLSX file unpacks to %(size)s (from %(packed)s), more than "
                "the %(limit)s the importer accepts. Split the table into "
                "several files, or save it as “CSV UTF-8”."
            )
            % {
                "size": size(unpacked),
                "packed": size(sum(info.compress_size for info in members)),
                "limit": size(limits.xlsx_uncompressed_bytes),
            }
        )
    return archive


def _check_size(info: zipfile.ZipInfo, limit: int) -> None:
    if info.file_size > limit:
        raise UnreadableFile(
            _(
                "Part %(part)s of the XLSX file unpacks to %(size)s, more than "
                "the %(limit)s the importer accepts. Split the table into "
                "several files, or save it as “CSV UTF-8”."
            )
            % {
                "part": info.filename,
                "size": size(info.file_size),
                "limit": size(limit),
            }
        )


def _rows(archive: zipfile.ZipFile, limits: Limits):
    if _is_opendocument(archive):
        raise UnreadableFile(
            _(
                "This is an OpenDocument spreadsheet (.ods). Save it as XLSX or "
                "as “CSV UTF-8” and upload that."
            )
        )
    # One part at a time, each helper keeping only what the rows need.
    path, strings = _package(archive, limits)
    epoch, name, sheet = _workbook(archive, path, limits)
    dates, timedeltas = _styles(archive, limits)
    found = False
    for row in worksheet.rows(
        archive,
        sheet,
        strings=_shared_strings(archive, strings, limits),
        dates=dates,
        timedeltas=timedeltas,
        epoch=epoch,
        limits=limits,
    ):
        found = True
        yield row
    if not found:
        raise UnreadableFile(
            _(
                "The first worksheet (“%(sheet)s”) is empty. The importer reads "
                "the first worksheet only: move the table there, or delete the "
                "sheets before it."
            )
            % {"sheet": name}
        )


def _member(archive: zipfile.ZipFile, path: str) -> zipfile.ZipInfo | None:
    try:
        return archive.getinfo(path)
    except KeyError:
        return None


def _small_part(archive, path: str, limits: Limits, *, budget=_SMALL_ELEMENTS):
    """Return the tree of a part openpyxl parses whole, within bounds, or None."""
    info = _member(archive, path)
    if info is None:
        return None
    _check_size(info, _SMALL_BYTES)
    (root,) = elements(
        archive,
        info,
        limits,
        depth=1,
        max_held=budget,
        crowded=_("more than %(count)s elements") % {"count": figure(budget)},
    )
    return root


@contextmanager
def _reading(part: str):
    """Refuse, naming the part, what openpyxl cannot make sense of."""
    try:
        yield
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise damaged(part, error) from None


def _is_opendocument(archive: zipfile.ZipFile) -> bool:
    # An OpenDocument file's first part is a short "mimetype".
    info = _member(archive, "mimetype")
    if info is None or info.file_size > 1000:
        return False
    try:
        return archive.read(info).startswith(b"application/vnd.oasis")
    except (zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError):
        return False


def _package(archive, limits: Limits) -> tuple[str, str | None]:
    """Return the paths of the workbook part and of its shared strings."""
    root = _small_part(archive, ARC_CONTENT_TYPES, limits)
    if root is None:
        raise _no_workbook()
    with _reading(ARC_CONTENT_TYPES):
        manifest = Manifest.from_tree(root)
    strings = manifest.find(SHARED_STRINGS)
    strings = strings.PartName[1:] if strings is not None else None
    try:
        return _find_workbook_part(manifest).PartName[1:], strings
    except OSError:
        pass
    if any(
        part.ContentType.endswith(".binary.macroEnabled.main")
        for part in manifest.Override
    ):
        raise UnreadableFile(
            _(
                "This is a binary Excel workbook (.xlsb). Save it as XLSX or as "
                "“CSV UTF-8” and upload that."
            )
        )
    raise _no_workbook()


def _no_workbook() -> UnreadableFile:
    return UnreadableFile(
        _(
            "This is a ZIP archive, not an XLSX workbook. Upload the CSV or XLSX "
            "file itself."
        )
    )


def _workbook(archive, path: str, limits: Limits):
    """Return the date epoch, and the name and part of the first worksheet."""
    if _small_part(archive, path, limits) is None:
        raise _no_workbook()
    _small_part(archive, get_rels_path(path), limits)
    with _reading(path):
        book = WorkbookParser(archive, path, keep_links=False)
        book.parse()
        sheets = list(book.find_sheets())
    return book.wb.epoch, *_first_worksheet(archive, sheets)


def _first_worksheet(archive: zipfile.ZipFile, sheets) -> tuple[str, zipfile.ZipInfo]:
    worksheets = [
        (sheet, _member(archive, relationship.target))
        for sheet, relationship in sheets
        if relationship.Type.endswith("/worksheet")
    ]
    worksheets = [(sheet, info) for sheet, info in worksheets if info is not None]
    if not worksheets:
        raise UnreadableFile(
            _("The workbook has no worksheet: put the table on a worksheet.")
        )
    shown = [
        pair for pair in worksheets if pair[0].state not in ("hidden", "veryHidden")
    ]
    sheet, info = (shown or worksheets)[0]
    return sheet.name, info


def _styles(archive, limits: Limits) -> tuple[set[int], set[int]]:
    """Return the cell styles that format dates, and those that format durations."""
    root = _small_part(archive, ARC_STYLE, limits, budget=_STYLE_ELEMENTS)
    if root is None:
        return set(), set()
    with _reading(ARC_STYLE):
        stylesheet = Stylesheet.from_tree(root)
    dates = set(stylesheet.date_formats)
    dates.update(
        index
        for index, style in enumerate(stylesheet.cell_styles)
        if style.numFmtId in _CJK_DATE_FORMATS
    )
    return dates, stylesheet.timedelta_formats


def _shared_strings(archive, path: str | None, limits: Limits):
    strings = worksheet.SharedStrings()
    info = _member(archive, path) if path else None
    if info is None:
        return strings
    _check_size(info, limits.xlsx_shared_strings_bytes)
    for element in elements(
        archive,
        info,
        limits,
        depth=2,
        max_held=4 * worksheet.MAX_CELLS,
        max_bytes=4 * limits.row_characters,
        crowded=_("a text of more than 65,536 elements"),
    ):
        if element.tag == _SI:
            try:
                strings.append(Text.from_tree(element).content)
            except (TypeError, ValueError) as error:
                raise damaged(info.filename, error) from None
    return strings
