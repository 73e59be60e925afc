"""Read the rows of a delimited text file (CSV, or tab- or semicolon-separated).

Every file is read with the quoting rules that Excel, WPS, LibreOffice and
Python's csv module write: a cell holding the delimiter, a quotation mark or a
line break is quoted with ", and a " inside it is doubled. Only the delimiter
is chosen per file, from the header line: the national format's header is
column codes or Chinese labels, which hold none of the candidates, so the
candidate found most often there separates the columns (a comma when none is).

A row is never longer than every column at its longest: a line or a quoted
cell running past that (a quotation mark that never closes, a file that is no
table) is refused when it gets there, without reading it whole.
"""

import csv
import io
import itertools

from django.utils.translation import gettext as _

from .limits import Limits, UnreadableFile, figure

_DELIMITERS = (",", "\t", ";", "|")
# Lines looked at for the header before settling for a comma.
_HEADER_SEARCH = 100


class _Lines:
    """The file's lines for csv.reader, counted, with each row's length bounded."""

    def __init__(self, text, *, limit: int):
        self.text = text
        self.limit = limit
        self.number = 0  # lines handed out so far
        self.row_start = 1
        self.row_length = 0
        self.waiting: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self.waiting.pop(0) if self.waiting else self._read()
        self.number += 1
        self.row_length += len(line)
        if self.row_length > self.limit:
            raise UnreadableFile(
                _(
                    "The row that starts on line %(line)s of the file is longer "
                    "than %(limit)s characters, more than any row can be. Usually "
                    'a quotation mark (") opens a cell and never closes; check '
                    "that line."
                )
                % {"line": self.row_start, "limit": figure(self.limit)}
            )
        return line

    def _read(self) -> str:
        try:
            line = self.text.readline(self.limit + 1)
        except UnicodeDecodeError:
            raise UnreadableFile(
                _(
                    "Line %(line)s cannot be read in the file's encoding. Save the "
                    "file again as “CSV UTF-8” or as XLSX."
                )
                % {"line": self.number + 1}
            ) from None
        if not line:
            raise StopIteration
        return line

    def peek_header(self) -> str:
        """Return the first line that is not blank (kept for csv.reader)."""
        kept = 0
        for _index in range(_HEADER_SEARCH):
            try:
                line = self._read()
            except StopIteration:
                break
            self.waiting.append(line)
            kept += len(line)
            if line.strip() or kept > self.limit:
                return line
        return ""

    def next_row(self) -> None:
        self.row_start = self.number + 1
        self.row_length = 0


def _delimiter(header: str) -> str:
    counts = {candidate: header.count(candidate) for candidate in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def rows(stream, *, encoding: str, limits: Limits):
    """Yield (row number, cells) of the file; the header is row 1."""
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors="strict")
    try:
        lines = _Lines(text, limit=limits.row_characters)
        reader = csv.reader(
            lines,
            delimiter=_delimiter(lines.peek_header()),
            quotechar='"',
            doublequote=True,
            skipinitialspace=False,
            strict=True,
        )
        if csv.field_size_limit() <= limits.cell_characters:
            csv.field_size_limit(limits.cell_characters + 1)
        for number in itertools.count(1):
            lines.next_row()
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise _misquoted(error, number, lines, limits) from None
            yield number, cells
    finally:
        # Leave the caller's stream open (it closes it), unless it already did.
        if not text.closed:
            text.detach()


def _misquoted(
    error: csv.Error, number: int, lines: _Lines, limits: Limits
) -> UnreadableFile:
    reason = str(error)
    where = {"row": number, "line": lines.row_start, "current": lines.number}
    if "field larger than field limit" in reason:
        return UnreadableFile(
            _(
                "Row %(row)s (from line %(line)s of the file) has a cell longer "
                'than %(limit)s characters. Usually a quotation mark (") opens a '
                "cell and never closes; check that line."
            )
            % {**where, "limit": figure(limits.cell_characters)}
        )
    if "unexpected end of data" in reason:
        return UnreadableFile(
            _(
                "Row %(row)s (from line %(line)s of the file) opens a quoted cell "
                'that never closes: a quotation mark (") is missing, so the rest '
                "of the file would be read as one cell. Correct that line, or save "
                "the file again from Excel or WPS."
            )
            % where
        )
    if "expected after" in reason:
        return UnreadableFile(
            _(
                "On line %(current)s of the file (row %(row)s), a quoted cell goes "
                "on after its closing quotation mark. Inside a quoted cell, a "
                'quotation mark is written twice (""), as Excel and WPS write it. '
                "Correct the line, or save the file again from Excel or WPS."
            )
            % where
        )
    return UnreadableFile(
        _("Line %(current)s of the file cannot be read as CSV (%(error)s).")
        % {**where, "error": reason}
    )
