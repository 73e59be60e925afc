"""Spreadsheet files for the reader's tests: as Excel writes them, odd, or hostile.

`openpyxl_xlsx` writes a table with openpyxl, escaping text the way Excel does
(`_x000D_` for a carriage return). `workbook` assembles an XLSX from its XML
parts, for the features openpyxl does not write (rich text, phonetic runs, chart
sheets, wrong dimensions, formulas without values). `write_zip` writes members
given as bytes or as (block, times): a block repeated that many times, deflated
once and repeated, so that a gigabyte-sized member is built in a second.
"""

import re
import struct
import zlib
from io import BytesIO
from xml.sax.saxutils import escape

from openpyxl import Workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_NEEDS_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def excel_escape(text: str) -> str:
    """Escape text as Excel stores it in XML (ECMA-376 ST_Xstring)."""

    def one(match):
        found = match.group()
        if found.startswith("_x"):
            return "_x005F" + found
        return f"_x{ord(found):04X}_"

    return _NEEDS_ESCAPE.sub(one, text)


def openpyxl_xlsx(rows: list[list]) -> bytes:
    """Write rows with openpyxl; text stays text (a leading = is no formula)."""
    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value in (None, ""):
                continue
            cell = sheet.cell(row=r, column=c)
            cell.value = excel_escape(value) if isinstance(value, str) else value
            if isinstance(value, str):
                cell.data_type = "s"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cell_xml(ref: str, value) -> str:
    """Return one <c> element holding an inline string or a number."""
    if isinstance(value, str):
        return (
            f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(excel_escape(value))}</t></is></c>"
        )
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: str, *, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def workbook(
    sheets: list[tuple[str, bytes]],
    *,
    shared_strings: bytes | None = None,
    styles: bytes | None = None,
    date1904: bool = False,
    hidden: tuple[str, ...] = (),
) -> dict[str, bytes]:
    """Return the parts of an XLSX: sheets as (name, XML); XML None = chart sheet."""
    entries, rels, overrides = [], [], []
    for index, (name, xml) in enumerate(sheets, start=1):
        state = ' state="hidden"' if name in hidden else ""
        entries.append(
            f'<sheet name="{name}" sheetId="{index}"{state} r:id="rId{index}"/>'
        )
        kind = "chartsheet" if xml is None else "worksheet"
        folder = "chartsheets" if xml is None else "worksheets"
        rels.append(
            f'<Relationship Id="rId{index}" Type="{_REL}/{kind}" '
            f'Target="{folder}/sheet{index}.xml"/>'
        )
        overrides.append(_override(f"/xl/{folder}/sheet{index}.xml", kind))
    parts = {}
    for index, (_name, xml) in enumerate(sheets, start=1):
        if xml is None:
            parts[f"xl/chartsheets/sheet{index}.xml"] = (
                f'<chartsheet xmlns="{MAIN}"><sheetViews/></chartsheet>'
            ).encode()
        else:
            parts[f"xl/worksheets/sheet{index}.xml"] = xml
    extra = len(sheets)
    if shared_strings is not None:
        extra += 1
        rels.append(
            f'<Relationship Id="rId{extra}" Type="{_REL}/sharedStrings" '
            f'Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared_strings
        overrides.append(_override("/xl/sharedStrings.xml", "sharedStrings"))
    if styles is not None:
        extra += 1
        rels.append(
            f'<Relationship Id="rId{extra}" Type="{_REL}/styles" Target="styles.xml"/>'
        )
        parts["xl/styles.xml"] = styles
        overrides.append(_override("/xl/styles.xml", "styles"))
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{_REL}">{pr}'
        f"<sheets>{''.join(entries)}</sheets></workbook>"
    ).encode()
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<Relationships xmlns="{_PKG}">{"".join(rels)}</Relationships>'
    ).encode()
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ).encode()
    parts["[Content_Types].xml"] = (
        f'<Types xmlns="{_CT}">'
        '<Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{''.join(overrides)}</Types>"
    ).encode()
    return parts


def _override(part: str, kind: str) -> str:
    return (
        f'<Override PartName="{part}" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>'
    )


def shared_strings_xml(items: list[str]) -> bytes:
    body = "".join(items)
    return (
        f'<sst xmlns="{MAIN}" count="{len(items)}" uniqueCount="{len(items)}">'
        f"{body}</sst>"
    ).encode()


def styles_xml(num_fmt_ids: list[int], custom: dict[int, str] | None = None) -> bytes:
    """Return styles whose cellXfs have these number formats, in this order."""
    custom = custom or {}
    fmts = "".join(
        f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>'
        for i, code in custom.items()
    )
    xfs = "".join(f'<xf numFmtId="{i}" fontId="0"/>' for i in num_fmt_ids)
    return (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="{len(custom)}">{fmts}'
        f'</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(num_fmt_ids)}">{xfs}</cellXfs></styleSheet>'
    ).encode()


def _deflate(head: bytes, block: bytes = b"", times: int = 0, tail: bytes = b""):
    """Return the raw deflate stream of head + block * times + tail, CRC, size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A full flush resets the window: the block's compressed form refers to
    # nothing before it, so repeating its bytes repeats the block.
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    once = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * times + len(tail)
    return start + once * times + end, crc, size


def write_zip(path, members: dict) -> None:
    """Write a ZIP (deflated); a member is bytes, or (head, block, times, tail)."""
    central, offset = [], 0
    with open(path, "wb") as out:
        for name, content in members.items():
            data, crc, size = _deflate(
                *((content,) if isinstance(content, bytes) else content)
            )
            encoded = name.encode()
            header = struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0x0800,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
            out.write(header + encoded + data)
            central.append(
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    0x0800,
                    8,
                    0,
                    0,
                    crc,
                    len(data),
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
            offset += len(header) + len(encoded) + len(data)
        directory = b"".join(central)
        out.write(directory)
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(central),
                len(central),
                len(directory),
                offset,
                0,
            )
        )
