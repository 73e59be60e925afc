"""Tell the encoding of a CSV file, or say which line does not fit the rest.

A file is UTF-8 (with or without a byte-order mark), GB18030 (a superset of
GBK and GB2312), or UTF-16 with its byte-order mark (Excel's "Unicode text").
Every line is checked before any is read: a file that mixes encodings (lines
pasted from another file) is refused naming its lines, instead of failing
half-way or importing garbled text. Lines are counted as a text editor counts
them: a line ends at LF, CRLF or a lone CR.
"""

import codecs
import itertools
import re

from django.utils.translation import gettext as _

from .limits import UnreadableFile, figure

_CHUNK = 1 << 20
_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A line of valid UTF-8 with this many CJK characters is UTF-8, even in a GBK
# file. GBK text is valid UTF-8 only by chance: about one GBK character in
# seven is, alone, but runs of them rarely are, and what they then decode to
# is Latin, Greek or symbols, hardly ever CJK. Of a million random GBK lines of
# 3 to 8 characters, 5,565 passed as UTF-8: 11 with two CJK characters, none
# with three. A real record holds dozens, so no GBK record passes at all.
_CJK_IN_UTF8_LINE = 3


def detect_encoding(stream, *, max_line_bytes: int) -> str:
    """Return the encoding of a CSV stream (read to the end, then rewound)."""
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        little = head.startswith(codecs.BOM_UTF16_LE)
        _check_utf16(stream, "utf-16-le" if little else "utf-16-be")
        encoding = "utf-16"
    elif _is_clean_utf8(stream):
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    else:
        encoding = _by_lines(
            stream, bom=head.startswith(codecs.BOM_UTF8), max_line_bytes=max_line_bytes
        )
    stream.seek(0)
    return encoding


def _is_clean_utf8(stream) -> bool:
    """Return whether the stream is all UTF-8 text without NUL bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


def physical_lines(stream, *, max_line_bytes: int):
    """Yield (line number, bytes) of a UTF-8 or GB18030 stream."""
    number = 0
    while line := stream.readline(max_line_bytes + 1):
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            raise line_too_long(number + 1, max_line_bytes)
        # Neither encoding has a CR or LF byte inside a character.
        for part in _LONE_CR.split(line) if b"\r" in line else (line,):
            if part:
                number += 1
                yield number, part


def line_too_long(number: int, limit: int) -> UnreadableFile:
    return UnreadableFile(
        _(
            "Line %(line)s of the file is longer than %(limit)s characters, more "
            "than any row can be. The file is probably not a CSV file."
        )
        % {"line": number, "limit": figure(limit)}
    )


def _kind(line: bytes) -> str:
    """Return "utf-8", "gb18030", "either" or "neither" for a non-ASCII line."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line.decode("gb18030")
        except UnicodeDecodeError:
            return "neither"
        return "gb18030"
    if _has_cjk(text, _CJK_IN_UTF8_LINE):
        return "utf-8"
    try:
        line.decode("gb18030")
    except UnicodeDecodeError:
        return "utf-8"
    return "either"


def _has_cjk(text: str, count: int) -> bool:
    matches = itertools.islice(_CJK.finditer(text), count - 1, None)
    return next(matches, None) is not None


def _by_lines(stream, *, bom: bool, max_line_bytes: int) -> str:
    first: dict[str, int] = {}
    for number, line in physical_lines(stream, max_line_bytes=max_line_bytes):
        if b"\x00" in line:
            raise nul_characters(number)
        if line.isascii():
            continue
        kind = _kind(line.removeprefix(codecs.BOM_UTF8) if number == 1 else line)
        first.setdefault(kind, number)
        if kind == "neither":
            raise UnreadableFile(
                _(
                    "Line %(line)s is not text in UTF-8 or in GB18030/GBK: the file "
                    "is damaged or not a CSV file. Save it again as “CSV UTF-8” or "
                    "as XLSX."
                )
                % {"line": number}
            )
        if bom and kind == "gb18030":
            raise UnreadableFile(
                _(
                    "The file begins with the UTF-8 byte-order mark, but line "
                    "%(line)s is not UTF-8: it is probably GBK/GB18030 text. The "
                    "program that wrote the file mixed two encodings: export the "
                    "file again, or correct that line and save the whole file as "
                    "“CSV UTF-8” or as XLSX."
                )
                % {"line": number}
            )
        if "utf-8" in first and "gb18030" in first:
            raise UnreadableFile(
                _(
                    "The file mixes two encodings: line %(utf8)s is UTF-8 text, "
                    "but line %(gbk)s is GBK/GB18030. Correct or type again the "
                    "lines that came from another file, then save the whole file "
                    "as “CSV UTF-8” or as XLSX."
                )
                % {"utf8": first["utf-8"], "gbk": first["gb18030"]}
            )
    if bom or "gb18030" not in first:
        return "utf-8-sig" if bom else "utf-8"
    return "gb18030"


def nul_characters(number: int) -> UnreadableFile:
    return UnreadableFile(
        _(
            "Line %(line)s holds NUL characters, which text never holds: the file "
            "is not a CSV file, or it is UTF-16 text without its byte-order mark. "
            "Save it again as “CSV UTF-8” or as XLSX."
        )
        % {"line": number}
    )


def _check_utf16(stream, order: str) -> None:
    """Refuse a UTF-16 stream that does not decode, naming the line."""
    decoder = codecs.getincrementaldecoder("utf-16")()
    lines, tail = 0, ""
    try:
        while True:
            chunk = stream.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                text = error.object[: error.start].decode(order, "replace")
                raise UnreadableFile(
                    _(
                        "Line %(line)s cannot be read as UTF-16 text, although the "
                        "file begins with the UTF-16 byte-order mark. Save it again "
                        "as “CSV UTF-8” or as XLSX."
                    )
                    % {"line": lines + _count_lines(tail + text) + 1}
                ) from None
            if "\x00" in text:
                before = text.split("\x00", 1)[0]
                raise nul_characters(lines + _count_lines(tail + before) + 1)
            # A CR at the end of one piece and an LF at the start of the next
            # are one line end: count each piece with the last character before.
            lines += _count_lines(tail + text)
            tail = text[-1:] if text.endswith("\r") else ""
            lines -= _count_lines(tail)
            if not chunk:
                return
    finally:
        stream.seek(0)


def _count_lines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")
