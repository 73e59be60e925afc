"""Text cells that no spreadsheet program runs as a formula, in CSV and XLSX files.

A spreadsheet program opening a file reads a cell that begins with "=" as a
formula, and Excel and LibreOffice do the same with "+", "-" and "@": a stored
`=HYPERLINK("http://…","click")` becomes a live link that can send the sheet
away, and `+cmd|' /C calc'!A0` a program started through DDE. OWASP's "CSV
Injection" page (https://owasp.org/www-community/attacks/CSV_Injection) lists
the characters no cell may begin with: equals, plus, minus, at, tab (0x09) and
carriage return (0x0D); its remedy is a single quote in front, which these
programs read as "this cell is text" and do not show.

The full-width forms ＝ ＋ － ＠ are treated alike, though OWASP does not list
them: spreadsheets in East Asian languages are known to take a formula typed
with them (＝１＋２) as =1+2, no vendor documents whether opening a file does
the same, and the portal's texts are Chinese, where these forms are common. A
needless quote costs an apostrophe the spreadsheet does not show; a missing one
runs a formula.

Only text is neutralised, never numbers, dates or other typed values (a
negative amount stays a number), and only in the files a spreadsheet opens:
JSON keeps the exact stored text. OWASP's other concern, a value that starts a
new cell halfway, is met by csv.writer, which quotes every value holding a
comma, a double quote or a line break (RFC 4180).
"""

from django.db import NotSupportedError
from django.db.models import CharField, Func
from openpyxl.cell import WriteOnlyCell

from portal.core.middleware import CONTROL_CHARACTERS

TRIGGERS = frozenset("=+-@\t\r＝＋－＠")
QUOTE = "'"


def starts_formula(text: str) -> bool:
    """Tell whether a spreadsheet would read this text as a formula."""
    return text[:1] in TRIGGERS


def neutralise(text: str) -> str:
    """Return the text with a single quote in front if it would start a formula."""
    if text[:1] in TRIGGERS:
        return QUOTE + text
    return text


class Neutralised(Func):
    """`neutralise` written by the database, for exports read in bulk.

    The text is the same as the Python function's on SQLite and PostgreSQL
    (tests/core/test_spreadsheets.py compares them); NULL stays NULL. The first
    character is compared by its code point, which both engines give without
    cutting a substring: a CSV download does this for every text of every row.
    """

    output_field = CharField()
    # The code point of the first character (ascii() gives it in a UTF-8
    # database); NULL (SQLite) or 0 (PostgreSQL) for an empty text.
    _FIRST = {"sqlite": "unicode({x})", "postgresql": "ascii({x})"}
    _CODES = ", ".join(str(ord(character)) for character in sorted(TRIGGERS))

    def as_sql(self, compiler, connection, **extra):
        if connection.vendor not in self._FIRST:
            raise NotSupportedError(f"No quoted formulas on {connection.vendor}.")
        text, params = compiler.compile(self.source_expressions[0])
        first = self._FIRST[connection.vendor].replace("{x}", text)
        sql = f"CASE WHEN {first} IN ({self._CODES}) THEN %s || {text} ELSE {text} END"
        return sql, (*params, QUOTE, *params, *params)


def xlsx_text(sheet, text: str):
    """Return a write-only XLSX cell holding `text` exactly, as text.

    An XLSX cell has a type, so the value need not change: typed as a string,
    the cell is never read as a formula when the file opens. It is also marked
    quote-prefixed where the text begins like a formula, which is what Excel
    itself stores when someone types '=1+2: the apostrophe is not part of the
    value, and editing the cell later keeps it text instead of calculating it.
    """
    # XML cannot hold control characters: one stored before imports refused
    # them would make the whole file fail; it is shown as U+FFFD instead.
    cell = WriteOnlyCell(sheet, value=CONTROL_CHARACTERS.sub("\ufffd", text))
    # openpyxl takes a string beginning with "=" for a formula; a string it is.
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True
    return cell
