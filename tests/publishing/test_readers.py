"""The import file reader: every table a spreadsheet program writes reads back
cell for cell; messy, mixed and hostile files are refused with a precise reason.
"""

import codecs
import csv
import datetime
import io
import zipfile
from xml.etree import ElementTree

import pytest
from django.utils import translation
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from portal.publishing.importing.readers import UnreadableFile, read_table
from tests.publishing import spreadsheets
from tests.publishing.spreadsheets import cell_xml, sheet_xml, workbook, write_zip

ISSUE_CELL = '当事人称"不知情"，已改正'


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def read(content: bytes, name: str = "f.csv"):
    table = read_table(io.BytesIO(content), name=name)
    return table.headers, list(table.rows)


def refusal(content: bytes, name: str = "f.csv") -> str:
    with pytest.raises(UnreadableFile) as caught:
        read(content, name)
    return str(caught.value)


def csv_text(rows, **options) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, **options)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_file(tmp_path, parts, name="w.xlsx") -> bytes:
    path = tmp_path / name
    write_zip(path, parts)
    return path.read_bytes()


# --- Quoted text reads back exactly (item 1) ---------------------------------

_SPECIAL = ['"', '""', ",", "\r", "\n", "\r\n", " ", "\t", ";", "，", "😀", "当事人"]
_CELL = st.lists(
    st.one_of(
        st.sampled_from(_SPECIAL),
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    ),
    max_size=8,
).map("".join)


@st.composite
def tables(draw):
    width = draw(st.integers(min_value=2, max_value=5))
    headers = [f"COL{i}" for i in range(width)]
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), max_size=6))
    return [headers, *rows]


def expected_rows(table):
    """Rows as read: numbered from 2, blank rows left out, no trailing empties."""
    out = []
    for number, row in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        out.append((number, cells))
    return out


_PROPERTY = hypothesis_settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
@_PROPERTY
@given(table=tables())
def test_any_table_written_by_csv_writer_reads_back_cell_for_cell(table, encoding):
    # Excel's "Unicode text" is UTF-16 with a byte-order mark, tab-separated.
    delimiter = "\t" if encoding == "utf-16" else ","
    text = csv_text(table, delimiter=delimiter)
    content = text.encode(encoding)
    assume(content.decode(encoding) == text)
    if encoding == "gb18030":
        # A GB18030 file whose bytes are also valid UTF-8 cannot be told from
        # UTF-8; Chinese text never is, short odd strings sometimes are.
        try:
            content.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    headers, rows = read(content)
    assert headers == table[0]
    assert rows == expected_rows(table)


@_PROPERTY
@given(table=tables())
def test_any_table_written_to_xlsx_reads_back_cell_for_cell(table):
    headers, rows = read(spreadsheets.openpyxl_xlsx(table), "t.xlsx")
    assert headers == table[0]
    # An empty cell is None in XLSX ("" in CSV).
    rows = [(n, ["" if c is None else c for c in cells]) for n, cells in rows]
    assert rows == expected_rows(table)


def test_the_issues_cells_read_back_exactly():
    table = [["CF_WSH", "CF_SY", "BZ"], ["1", ISSUE_CELL, "x"], ["2", "a, b", "y"]]
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        _headers, rows = read(csv_text(table).encode(encoding))
        assert rows == [(2, ["1", ISSUE_CELL, "x"]), (3, ["2", "a, b", "y"])]


@pytest.mark.parametrize(
    ("delimiter", "quoting"),
    [(";", csv.QUOTE_MINIMAL), ("\t", csv.QUOTE_MINIMAL), (",", csv.QUOTE_ALL)],
)
def test_semicolons_tabs_and_quoted_headers(delimiter, quoting):
    table = [["CF_WSH", "CF_SY"], ["1", f"a{delimiter} {ISSUE_CELL}"]]
    text = csv_text(table, delimiter=delimiter, quoting=quoting)
    assert read(text.encode()) == (table[0], [(2, table[1])])


def test_header_is_stripped_cells_are_not_and_blank_rows_are_left_out():
    text = "\ufeff CF_WSH ,CF_SY,,\r\n 1 , x ,,\r\n,,\r\n  ,\r\n2,y\r\n"
    headers, rows = read(text.encode())
    assert headers == ["CF_WSH", "CF_SY"]
    assert rows == [(2, [" 1 ", " x "]), (5, ["2", "y"])]


# --- Encodings (item 6) -------------------------------------------------------


def _lines(table, encodings) -> bytes:
    text = csv_text(table)
    lines = text.split("\r\n")
    return b"\r\n".join(
        line.encode(encodings.get(number, encodings["*"]))
        for number, line in enumerate(lines, start=1)
    )


_TABLE = [
    ["CF_XDR_MC", "CF_SY"],
    ["杭州测试贸易有限公司", "经营超过保质期的食品"],
    ["宁波测试餐饮有限公司", ISSUE_CELL],
    ["温州测试商行", "未按规定公示信息"],
]


def test_a_utf8_file_with_one_gbk_line_names_the_line():
    message = refusal(_lines(_TABLE, {"*": "utf-8", 3: "gbk"}))
    assert "line 3" in message.lower()
    assert "line 2" in message.lower()  # the first UTF-8 line, for comparison
    assert "GBK" in message
    assert "CSV UTF-8" in message


def test_a_gbk_file_with_one_utf8_line_names_the_line():
    # UTF-8 Chinese often decodes as (wrong) GB18030 text: without the check,
    # line 4 would be imported as mojibake.
    content = _lines(_TABLE, {"*": "gbk", 4: "utf-8"})
    message = refusal(content)
    assert "line 4" in message.lower()
    assert "UTF-8" in message


def test_a_utf8_byte_order_mark_followed_by_gbk_text():
    content = codecs.BOM_UTF8 + csv_text(_TABLE).encode("gbk")
    message = refusal(content)
    assert "line 2" in message.lower()
    assert "byte-order mark" in message
    assert "GBK" in message


def test_bytes_that_are_no_text_in_either_encoding():
    content = csv_text(_TABLE).encode() + b"x,\xff\xfe\x80\x80\r\n"
    message = refusal(content)
    assert "line 5" in message.lower()


def test_a_gb18030_file_is_read_as_such():
    table = [["CF_XDR_MC", "CF_SY"], ["杭州镕铖贸易有限公司", "€ 😀 𠀀"]]
    content = csv_text(table).encode("gb18030")
    table_read = read_table(io.BytesIO(content), name="g.csv")
    assert table_read.encoding == "gb18030"
    assert list(table_read.rows) == [(2, table[1])]


def test_nul_bytes_are_refused_with_their_line():
    content = b"CF_WSH,CF_SY\r\n1,a\r\n2,b\x00c\r\n"
    message = refusal(content)
    assert "line 3" in message.lower()
    assert "NUL" in message


def test_utf16_without_its_byte_order_mark_is_explained():
    message = refusal(csv_text(_TABLE, delimiter="\t").encode("utf-16-le"))
    assert "UTF-16" in message


def test_broken_utf16_names_the_line():
    content = csv_text(_TABLE, delimiter="\t").encode("utf-16") + b"\x00\xd8a\x00"
    message = refusal(content)
    assert "line 5" in message.lower()


# --- Quoting mistakes ---------------------------------------------------------


def test_a_quote_that_never_closes_is_refused_not_swallowed():
    content = b'CF_WSH,CF_SY\r\n1,"open\r\n2,b\r\n3,c\r\n'
    message = refusal(content)
    assert "row 2" in message.lower()
    assert "line 2" in message.lower()


def test_backslash_escaped_quotes_are_refused_with_the_line():
    content = b'CF_WSH,CF_SY\r\n1,ok\r\n2,"he said \\"no\\" today"\r\n'
    message = refusal(content)
    assert "line 3" in message.lower()
    assert '""' in message


# --- Limits (item 3) ----------------------------------------------------------


def test_too_many_rows(settings):
    settings.IMPORT_MAX_ROWS = 3
    content = ("CF_WSH\r\n" + "".join(f"{i}\r\n" for i in range(4))).encode()
    message = refusal(content)
    assert "3" in message
    assert "IMPORT_MAX_ROWS" not in message
    settings.IMPORT_MAX_ROWS = 4
    assert len(read(content)[1]) == 4


def test_too_many_rows_in_xlsx_counts_rows_not_only_filled_ones(settings, tmp_path):
    settings.IMPORT_MAX_ROWS = 10
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    rows += '<row r="500">' + cell_xml("A500", "x") + "</row>"
    message = refusal(xlsx_file(tmp_path, workbook([("d", sheet_xml(rows))])), "x.xlsx")
    assert "10" in message


def test_too_many_columns(settings):
    settings.IMPORT_MAX_COLUMNS = 5
    assert refusal(("A," * 6 + "B\r\n1\r\n").encode())
    # Trailing empty columns (spreadsheets export them) do not count.
    headers, rows = read(("A,B" + "," * 50 + "\r\n1,2" + "," * 50 + "\r\n").encode())
    assert (headers, rows) == (["A", "B"], [(2, ["1", "2"])])


def test_a_header_of_a_million_commas(settings):
    message = refusal(b"A" + b"," * 1_000_000 + b"B\r\n1,2\r\n")
    assert "1,000,001" in message


def test_a_cell_longer_than_the_limit(settings):
    settings.IMPORT_MAX_CELL_CHARACTERS = 100
    message = refusal(f"A,B\r\n1,{'x' * 101}\r\n".encode())
    assert "row 2" in message.lower()
    assert "B" in message
    assert "101" in message


def test_a_field_over_the_csv_modules_own_limit():
    message = refusal(b'A,B\r\n1,"' + b"x" * 200_000 + b'"\r\n')
    assert "row 2" in message.lower()


def test_a_cell_longer_than_the_limit_in_xlsx(settings, tmp_path):
    settings.IMPORT_MAX_CELL_CHARACTERS = 100
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    rows += '<row r="2">' + cell_xml("A2", "y" * 101) + "</row>"
    message = refusal(xlsx_file(tmp_path, workbook([("d", sheet_xml(rows))])), "x.xlsx")
    assert "row 2, column a holds 101 characters" in message.lower()
    assert "at most 100" in message


def test_an_xlsx_that_unpacks_too_large(settings, tmp_path):
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = 1_000_000
    parts = workbook([("d", b"")])
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{spreadsheets.MAIN}"><sheetData>'.encode(),
        b"<row/>" * 1000,
        500,
        b"</sheetData></worksheet>",
    )
    message = refusal(xlsx_file(tmp_path, parts), "x.xlsx").replace("\xa0", " ")
    assert "2.9 MB" in message


def test_a_highly_compressed_sheet_is_refused_before_reading(settings, tmp_path):
    parts = workbook([("d", b"")])
    parts["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="{spreadsheets.MAIN}"><sheetData>'.encode(),
        b" " * 1_000_000,
        20,
        b"</sheetData></worksheet>",
    )
    message = refusal(xlsx_file(tmp_path, parts), "x.xlsx")
    assert "times" in message


def test_a_shared_strings_table_too_large(settings, tmp_path):
    settings.IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES = 100_000
    strings = spreadsheets.shared_strings_xml(
        [f"<si><t>text {i}</t></si>" for i in range(10_000)]
    )
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    parts = workbook([("d", sheet_xml(rows))], shared_strings=strings)
    message = refusal(xlsx_file(tmp_path, parts), "x.xlsx")
    assert "sharedStrings" in message


def test_entity_declarations_are_refused(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    )
    strings = (
        laughs + f'<sst xmlns="{spreadsheets.MAIN}"><si><t>&lol2;</t></si></sst>'
    ).encode()
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    parts = workbook([("d", sheet_xml(rows))], shared_strings=strings)
    message = refusal(xlsx_file(tmp_path, parts), "x.xlsx")
    assert "document type" in message


def test_expat_stops_a_billion_laughs_but_not_a_hundredfold_expansion():
    """ElementTree's expat (2.4 and later) stops exponential entity expansion,
    yet lets a small document grow to megabytes: hence no document type at all."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    laughs = f'<!DOCTYPE x [<!ENTITY l0 "lol">{entities}]><x>&l9;</x>'
    with pytest.raises(ElementTree.ParseError, match="amplification"):
        ElementTree.fromstring(laughs)
    grown = f'<!DOCTYPE x [<!ENTITY a "{"x" * 100_000}">]><x>{"&a;" * 80}</x>'
    assert len(ElementTree.fromstring(grown).text) == 8_000_000


_PARTS_READ = [
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/sharedStrings.xml",
    "xl/worksheets/sheet1.xml",
]


@pytest.mark.parametrize("part", _PARTS_READ)
def test_a_document_type_is_refused_in_every_part_read(part, tmp_path):
    strings = spreadsheets.shared_strings_xml(["<si><t>CF_WSH</t></si>"])
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    parts = workbook(
        [("d", sheet_xml(rows))],
        shared_strings=strings,
        styles=spreadsheets.styles_xml([0]),
    )
    assert read(xlsx_file(tmp_path, parts), "x.xlsx")[0] == ["CF_WSH"]
    content = parts[part].removeprefix(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    )
    parts[part] = b'<!DOCTYPE x [<!ENTITY a "b">]>' + content
    message = refusal(xlsx_file(tmp_path, parts, name="d.xlsx"), "x.xlsx")
    assert "document type" in message


# --- XLSX as spreadsheet programs write it -------------------------------------


def test_xlsx_reads_every_cell_whatever_the_declared_dimension(tmp_path):
    rows = (
        '<row r="1">' + "".join(cell_xml(f"{c}1", f"H{c}") for c in "ABCDE") + "</row>"
    )
    rows += '<row r="3">' + cell_xml("E3", "far") + "</row>"
    parts = workbook([("d", sheet_xml(rows, dimension="A1:B2"))])
    headers, data = read(xlsx_file(tmp_path, parts), "x.xlsx")
    assert headers == ["HA", "HB", "HC", "HD", "HE"]
    assert data == [(3, [None, None, None, None, "far"])]


def test_xlsx_text_kinds_dates_numbers_and_formulas(tmp_path):
    strings = spreadsheets.shared_strings_xml(
        [
            "<si><t>plain</t></si>",
            # Rich text runs join; the phonetic guide (rPh) is no part of it.
            "<si><r><t>当事人</t></r><r><rPr><b/></rPr><t xml:space='preserve'>"
            " 称</t></r><rPh sb='0' eb='1'><t>とう</t></rPh></si>",
            "<si><t>line one_x000D_\nline two _x005F_x000D_</t></si>",
        ]
    )
    styles = spreadsheets.styles_xml([0, 14, 164], {164: "yyyy/mm/dd"})
    row2 = (
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c>'
        '<c r="C2" t="s"><v>2</v></c><c r="D2" s="1"><v>45678</v></c>'
        '<c r="E2" s="2"><v>45678.5</v></c><c r="F2"><v>0.2</v></c>'
        '<c r="G2"><v>2000</v></c><c r="H2" t="b"><v>1</v></c>'
        '<c r="I2" t="e"><v>#N/A</v></c><c r="J2" t="str"><f>A2&amp;"x"</f>'
        '<v>plainx</v></c><c r="K2"><f>1+1</f><v>2</v></c></row>'
    )
    header = (
        '<row r="1">' + "".join(cell_xml(f"{c}1", c) for c in "ABCDEFGHIJK") + "</row>"
    )
    parts = workbook(
        [("d", sheet_xml(header + row2))], shared_strings=strings, styles=styles
    )
    _headers, rows = read(xlsx_file(tmp_path, parts), "x.xlsx")
    assert rows == [
        (
            2,
            [
                "plain",
                "当事人 称",
                "line one\r\nline two _x000D_",
                datetime.datetime(2025, 1, 21),
                datetime.datetime(2025, 1, 21, 12),
                0.2,
                2000,
                True,
                "#N/A",
                "plainx",
                2,
            ],
        )
    ]


def test_dates_of_the_1904_calendar(tmp_path):
    styles = spreadsheets.styles_xml([0, 14])
    rows = '<row r="1">' + cell_xml("A1", "D") + "</row>"
    rows += '<row r="2"><c r="A2" s="1"><v>1</v></c></row>'
    parts = workbook([("d", sheet_xml(rows))], styles=styles, date1904=True)
    assert read(xlsx_file(tmp_path, parts), "x.xlsx")[1] == [
        (2, [datetime.datetime(1904, 1, 2)])
    ]


def test_a_formula_without_a_calculated_value_is_refused(tmp_path):
    rows = '<row r="1">' + cell_xml("A1", "A") + cell_xml("B1", "B") + "</row>"
    rows += '<row r="2">' + cell_xml("A2", "x") + '<c r="B2"><f>TODAY()</f></c></row>'
    message = refusal(xlsx_file(tmp_path, workbook([("d", sheet_xml(rows))])), "x.xlsx")
    assert "B2" in message
    assert "formula" in message


def test_the_first_worksheet_is_read_after_a_chart_sheet(tmp_path):
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    parts = workbook([("chart", None), ("data", sheet_xml(rows))])
    assert read(xlsx_file(tmp_path, parts), "x.xlsx")[0] == ["CF_WSH"]


def test_hidden_sheets_are_passed_over(tmp_path):
    old = '<row r="1">' + cell_xml("A1", "OLD") + "</row>"
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    parts = workbook(
        [("old", sheet_xml(old)), ("data", sheet_xml(rows))], hidden=("old",)
    )
    assert read(xlsx_file(tmp_path, parts), "x.xlsx")[0] == ["CF_WSH"]


def test_an_empty_first_sheet_says_where_the_table_must_be(tmp_path):
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    parts = workbook([("封面", sheet_xml("")), ("data", sheet_xml(rows))])
    message = refusal(xlsx_file(tmp_path, parts), "x.xlsx")
    assert "封面" in message
    assert "first" in message


def test_a_header_below_empty_rows_keeps_real_row_numbers(tmp_path):
    rows = '<row r="3">' + cell_xml("A3", "CF_WSH") + "</row>"
    rows += '<row r="4">' + cell_xml("A4", "x") + "</row>"
    assert read(xlsx_file(tmp_path, workbook([("d", sheet_xml(rows))])), "x.xlsx") == (
        ["CF_WSH"],
        [(4, ["x"])],
    )


def test_numbers_in_the_header_are_text(tmp_path):
    rows = '<row r="1">' + cell_xml("A1", "A") + cell_xml("B1", 2026) + "</row>"
    assert read(xlsx_file(tmp_path, workbook([("d", sheet_xml(rows))])), "x.xlsx")[
        0
    ] == ["A", "2026"]


# --- Files that are no table ----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "e.csv", "empty"),
        (b"\r\n\r\n", "e.csv", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "r.csv", "PDF"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "old.xlsx",
            ".xls",
        ),
        (
            b"\xef\xbb\xbf<!DOCTYPE html><html><body><table><tr><td>CF_WSH",
            "export.csv",
            "web page",
        ),
        (b"  <table><tr><td>CF_WSH</td></tr></table>", "export.xlsx", "web page"),
        (
            b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook>',
            "x.xlsx",
            "XML",
        ),
        (b"CF_WSH,CF_SY\r\n", "n.xlsx", ".xlsx"),
        (b"{\\rtf1\\ansi CF_WSH}", "r.csv", "RTF"),
    ],
)
def test_files_that_are_no_table_say_what_they_are(content, name, words):
    assert words in refusal(content, name)


def test_an_opendocument_spreadsheet(tmp_path):
    path = tmp_path / "t.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in refusal(path.read_bytes(), "t.xlsx")


def test_a_zip_that_is_no_workbook(tmp_path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "CF_WSH\r\n1\r\n")
    assert "ZIP" in refusal(path.read_bytes(), "a.xlsx")


def test_a_binary_workbook(tmp_path):
    parts = workbook([("d", sheet_xml(""))])
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .replace(
            b"/xl/workbook.xml",
            b"/xl/workbook.bin",
        )
        .replace(b"sheet.main+xml", b"sheet.binary.macroEnabled.main")
    )
    assert ".xlsb" in refusal(xlsx_file(tmp_path, parts), "b.xlsx")


def test_rows_out_of_order(tmp_path):
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    rows += '<row r="3">' + cell_xml("A3", "x") + "</row>"
    rows += '<row r="2">' + cell_xml("A2", "y") + "</row>"
    message = refusal(xlsx_file(tmp_path, workbook([("d", sheet_xml(rows))])), "x.xlsx")
    assert "rows out of order" in message


def test_a_damaged_xlsx(tmp_path):
    content = spreadsheets.openpyxl_xlsx([["CF_WSH"], ["1"]])
    assert "XLSX" in refusal(content[: len(content) // 2], "x.xlsx")


# --- Bombs, read in a separate process whose memory is measured (item 3) -----

_READ_IN_CHILD = """
import sys
import django
django.setup()
from django.utils import translation
from portal.publishing.importing.readers import UnreadableFile, read_table
translation.activate("en")
with open(sys.argv[1], "rb") as stream:
    try:
        table = read_table(stream, name=sys.argv[1])
        rows = sum(1 for _row in table.rows)
        print("READ", rows)
    except UnreadableFile as error:
        print("REFUSED", error)
# The high-water mark of this process's memory since it started (ru_maxrss
# would include the parent's, inherited through fork).
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
print("PEAK_KIB", peak.split()[1])
"""
_PEAK_MIB = 300
_SHEET_HEAD = f'<worksheet xmlns="{spreadsheets.MAIN}"><sheetData>'.encode()
_SHEET_TAIL = b"</sheetData></worksheet>"
_GB = 1_500_000_000


def _bomb(tmp_path, sheet=None, strings=None, parts=None) -> object:
    parts = {
        **workbook([("d", b"")], shared_strings=b"" if strings is not None else None),
        **(parts or {}),
    }
    parts["xl/worksheets/sheet1.xml"] = sheet or sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    )
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    path = tmp_path / "bomb.xlsx"
    write_zip(path, parts)
    return path


def _sheet(block: bytes, times: int, head: bytes = b"") -> tuple:
    return (_SHEET_HEAD + head, block, times, _SHEET_TAIL)


def _strings(block: bytes, times: int, head: bytes = b"") -> tuple:
    start = f'<sst xmlns="{spreadsheets.MAIN}">'.encode()
    return (start + head, block, times, b"</sst>")


_WIDE_OPEN = {
    "IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES": str(4 * 1024**3),
    "IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES": str(4 * 1024**3),
    "IMPORT_XLSX_MAX_COMPRESSION_RATIO": "1000000",
}
_NAMES = b"".join(b"<n%d/>" % i for i in range(20_000))
# name: (build(tmp_path), limits given to the child, words of the refusal)
_BOMBS = {
    # The issue's file: a small XLSX whose sheet unpacks to 1.5 GB.
    "sheet": (
        lambda p: _bomb(p, sheet=_sheet(b" " * 1_000_000, _GB // 1_000_000)),
        {},
        "sheet1.xml of the XLSX file unpacks to 1.4",
    ),
    "shared strings": (
        lambda p: _bomb(p, strings=_strings(b"<si><t>x</t></si>" * 50_000, 1_800)),
        {},
        "sharedStrings.xml of the XLSX file unpacks to 1.4",
    ),
    # Past the size and ratio checks (limits opened wide), the reading itself
    # holds: rows, cells, tokens, nesting and names are bounded as they come.
    "million rows": (
        lambda p: _bomb(p, sheet=_sheet(b"<row/>" * 100_000, 2_000)),
        _WIDE_OPEN,
        "1,000,000 rows",
    ),
    "one row of endless cells": (
        lambda p: _bomb(p, sheet=_sheet(b"<c/>" * 100_000, 3_000, b"<row>")),
        _WIDE_OPEN,
        "16,384 cells",
    ),
    "one endless cell": (
        lambda p: _bomb(
            p,
            sheet=_sheet(b"a" * 1_000_000, 1_500, b'<row><c t="inlineStr"><is><t>'),
        ),
        _WIDE_OPEN,
        "more than 32,767 characters",
    ),
    "one endless shared string": (
        lambda p: _bomb(p, strings=_strings(b"a" * 1_000_000, 1_500, b"<si><t>")),
        _WIDE_OPEN,
        "more than 32,767 characters",
    ),
    # Shared strings are held as Python strings; one CJK character each is
    # the most memory per byte of XML, and the default limit keeps it bounded.
    "many small shared strings": (
        lambda p: _bomb(
            p, strings=_strings("<si><t>中</t></si>".encode() * 100_000, 17)
        ),
        {**_WIDE_OPEN, "IMPORT_XLSX_MAX_SHARED_STRINGS_BYTES": str(32 * 1024**2)},
        "READ",
    ),
    # openpyxl parses the styles, the workbook and the content types whole,
    # making an object of every element: they are parsed within bounds first.
    "styles of countless cell formats": (
        lambda p: _bomb(
            p,
            sheet=sheet_xml('<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"),
            parts={"xl/styles.xml": _styles(9_999)},
        ),
        {},
        "READ",
    ),
    "styles past the bound": (
        lambda p: _bomb(p, parts={"xl/styles.xml": _styles(10_001)}),
        {},
        "more than 200,000 elements",
    ),
    "countless defined names": (
        lambda p: _bomb(p, parts={"xl/workbook.xml": _defined_names(100_010)}),
        {},
        "more than 100,000 elements",
    ),
    # openpyxl would parse a chart sheet whole; the reader never opens one.
    "a chart sheet of 1.4 GB": (
        lambda p: _chart_sheet_bomb(p),
        _WIDE_OPEN,
        "READ",
    ),
    "endless tag": (
        lambda p: _bomb(p, sheet=_sheet(b"a" * 1_000_000, 1_500, b'<row x="')),
        _WIDE_OPEN,
        "longer than 1 MB",
    ),
    "endless nesting": (
        lambda p: _bomb(p, sheet=_sheet(b"<a>" * 1_000_000, 300)),
        _WIDE_OPEN,
        "nested",
    ),
    "countless names": (
        lambda p: _bomb(p, sheet=_sheet(_NAMES, 10)),
        _WIDE_OPEN,
        "names",
    ),
    "endless elements between rows": (
        lambda p: _bomb(p, sheet=_sheet(b"<x/>" * 1_000_000, 20)),
        _WIDE_OPEN,
        "is empty",
    ),
}


def _styles(tens: int) -> tuple:
    """Return styles of ten times this many cell formats, each aligned."""
    head = f'<styleSheet xmlns="{spreadsheets.MAIN}"><cellXfs>'.encode()
    xf = b'<xf numFmtId="14" applyAlignment="1"><alignment horizontal="left"/></xf>'
    return (head, xf * 10, tens, b"</cellXfs></styleSheet>")


def _defined_names(count: int) -> bytes:
    names = b"".join(
        b'<definedName name="n%d">1</definedName>' % i for i in range(count)
    )
    book = workbook([("d", b"")])["xl/workbook.xml"]
    return book.replace(
        b"</workbook>", b"<definedNames>" + names + b"</definedNames></workbook>"
    )


def _chart_sheet_bomb(tmp_path):
    rows = '<row r="1">' + cell_xml("A1", "CF_WSH") + "</row>"
    parts = workbook([("chart", None), ("d", sheet_xml(rows))])
    parts["xl/chartsheets/sheet1.xml"] = (
        f'<chartsheet xmlns="{spreadsheets.MAIN}">'.encode(),
        b"<sheetViews/>" * 100_000,
        1_100,
        b"</chartsheet>",
    )
    path = tmp_path / "bomb.xlsx"
    write_zip(path, parts)
    return path


def _read_in_child(path, environment) -> tuple[str, int]:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _READ_IN_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=600,  # only against a hang
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **environment},
        cwd=os.getcwd(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    output, _peak, kib = result.stdout.rpartition("PEAK_KIB ")
    print(output.strip()[:300], f"(peak {int(kib) // 1024} MiB)")
    return output.strip(), int(kib)


@pytest.mark.slow
@pytest.mark.parametrize("bomb", list(_BOMBS))
def test_bombs_are_refused_within_bounded_memory(bomb, tmp_path):
    build, environment, words = _BOMBS[bomb]
    path = build(tmp_path)
    assert path.stat().st_size < 5_000_000
    output, kib = _read_in_child(path, environment)
    assert words in output
    assert kib < _PEAK_MIB * 1024, f"{bomb}: peak {kib // 1024} MiB"


_HOSTILE_CSV = {
    "300 MB without a newline": (b"", b"x" * 1_000_000, 300, b"", "longer than"),
    "a million commas": (b"A", b"," * 1_000_000, 1, b"B\r\n1,2\r\n", "1,000,001"),
    "a quote never closed": (b'A,B\r\n1,"', b"x\r\n" * 1_000_000, 50, b"", "line 2"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(_HOSTILE_CSV))
def test_hostile_csv_is_refused_within_bounded_memory(case, tmp_path):
    head, block, times, tail, words = _HOSTILE_CSV[case]
    path = tmp_path / "hostile.csv"
    with open(path, "wb") as out:
        out.write(head)
        for _time in range(times):
            out.write(block)
        out.write(tail)
    try:
        output, kib = _read_in_child(path, {})
    finally:
        path.unlink()
    assert "REFUSED" in output
    assert words in output
    assert kib < _PEAK_MIB * 1024, f"{case}: peak {kib // 1024} MiB"


def test_chinese_excels_built_in_date_formats(tmp_path):
    # Chinese Excel stores 2025年1月21日 as format 31, which it does not define.
    styles = spreadsheets.styles_xml([0, 31])
    rows = '<row r="1">' + cell_xml("A1", "CF_JDRQ") + "</row>"
    rows += '<row r="2"><c r="A2" s="1"><v>45678</v></c></row>'
    parts = workbook([("d", sheet_xml(rows))], styles=styles)
    assert read(xlsx_file(tmp_path, parts), "x.xlsx")[1] == [
        (2, [datetime.datetime(2025, 1, 21)])
    ]


def test_a_shared_string_that_is_not_there(tmp_path):
    strings = spreadsheets.shared_strings_xml(["<si><t>only</t></si>"])
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>-1</v></c>'
    parts = workbook([("d", sheet_xml(rows + "</row>"))], shared_strings=strings)
    assert "damaged" in refusal(xlsx_file(tmp_path, parts), "x.xlsx")


def test_a_zip_of_countless_parts(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(10_001):
            archive.writestr(f"p{index}", b"")
    assert "10,000 parts" in refusal(path.read_bytes(), "many.xlsx")


def test_old_mac_line_ends_count_as_lines():
    content = b"CF_WSH,CF_SY\r1,a\r2,\xff\r"
    assert "line 3" in refusal(content).lower()
    assert read(b"CF_WSH,CF_SY\r1,a\r2,b\r")[1] == [(2, ["1", "a"]), (3, ["2", "b"])]
