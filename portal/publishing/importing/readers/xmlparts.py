"""Parse one XML part of a workbook as a stream, holding a bounded amount of it.

ElementTree's pull parser builds the elements that openpyxl reads; what it
holds is bounded here, because openpyxl's own streaming keeps every element it
does not know and buffers any tag or text whole. An element that ends `depth`
deep (a row of a worksheet, a text of the shared strings) is handed over and
then dropped, and so is every element that ends above it, so the tree holds
the open elements and one item at most. An item may hold `max_held` elements
and `max_bytes` bytes; no more than 1 MB may pass without an element starting
or ending (a tag, or a text, is held whole); nesting stops at 64 and distinct
names at 10,000 (the parser keeps every name it meets). A document type
declaration is refused: spreadsheets never write one, and expat, although it
stops a "billion laughs", lets entities enlarge a document a hundredfold.
"""

import zipfile
import zlib
from xml.etree.ElementTree import ParseError, XMLParser, XMLPullParser

from django.utils.translation import gettext as _

from .limits import Limits, UnreadableFile, figure

_CHUNK = 64 * 1024
_MAX_QUIET = 1 << 20
_MAX_DEPTH = 64
_MAX_NAMES = 10_000


def hostile(part: str, detail: str) -> UnreadableFile:
    return UnreadableFile(
        _(
            "The XLSX file is built in a way no spreadsheet program writes (%(part)s: "
            "%(detail)s), so it is not read. Open it in Excel or WPS and save it "
            "again, or save it as “CSV UTF-8”."
        )
        % {"part": part, "detail": detail}
    )


def damaged(part: str, error) -> UnreadableFile:
    return UnreadableFile(
        _(
            "The XLSX file is damaged (%(part)s: %(error)s). Open it in Excel or "
            "WPS and save it again, or save it as “CSV UTF-8”."
        )
        % {"part": part, "error": error}
    )


def elements(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    *,
    depth: int,
    max_held: int,
    max_bytes: int | None = None,
    crowded: str,
):
    """Yield the part's elements that end `depth` deep; drop them after."""
    try:
        yield from _elements(archive, info, limits, depth, max_held, max_bytes, crowded)
    # RuntimeError, NotImplementedError: an encrypted part, or one packed by a
    # method zipfile lacks.
    except (
        ParseError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise damaged(info.filename, error) from None


def _elements(archive, info, limits, depth, max_held, max_bytes, crowded):
    part = info.filename
    parser = XMLPullParser(events=("start", "end"))
    prolog = XMLParser(target=_Prolog())
    ancestors, names, max_depth = [], set(), _MAX_DEPTH
    # Elements started, and bytes fed, since an item (or more) was dropped.
    held = fed = dropped = quiet = 0
    in_tag = False
    with archive.open(info) as source:
        while True:
            chunk = source.read(_CHUNK)
            if prolog is not None and chunk:
                try:
                    prolog.feed(chunk)
                except _Root:
                    prolog = None
            parser.feed(chunk) if chunk else parser.close()
            fed += len(chunk)
            element = None
            for event, element in parser.read_events():
                if event == "start":
                    ancestors.append(element)
                    held += 1
                    if held > max_held or len(ancestors) > max_depth:
                        raise hostile(part, crowded if held > max_held else _deep())
                    if element.tag not in names or not names.issuperset(element.keys()):
                        names.add(element.tag)
                        names.update(element.keys())
                        if len(names) > _MAX_NAMES:
                            raise hostile(part, _("countless element names"))
                elif len(ancestors) <= depth:
                    ancestors.pop()
                    if len(ancestors) == depth - 1:
                        yield element
                    if ancestors:
                        ancestors[-1].remove(element)
                    held, dropped = 0, fed
                else:
                    ancestors.pop()
            if not chunk:
                return
            quiet = 0 if element is not None else quiet + len(chunk)
            opens, closes = chunk.rfind(b"<"), chunk.rfind(b">")
            if opens != closes:
                in_tag = opens > closes
            if quiet > _MAX_QUIET:
                raise _too_long(part, limits, in_tag)
            if max_bytes and fed - dropped > max_bytes:
                raise hostile(part, crowded)


def _deep() -> str:
    return _("elements nested more than 64 deep")


def _too_long(part: str, limits: Limits, in_tag: bool) -> UnreadableFile:
    if in_tag:
        return hostile(part, _("a tag longer than 1 MB"))
    # A megabyte of text is more characters than a cell holds.
    return UnreadableFile(
        _(
            "The XLSX file holds a text of more than %(limit)s characters, the "
            "most a cell may hold. Shorten it, then upload the file again."
        )
        % {"limit": figure(limits.cell_characters)}
    )


class _Root(Exception):
    """The root element has begun, after a prolog without a document type."""


class _Prolog:
    """A parser target that refuses a document type and stops at the root."""

    def doctype(self, name, pubid, system):
        raise UnreadableFile(
            _(
                "The XLSX file holds an XML document type declaration, which "
                "spreadsheet programs never write and which can be used to attack "
                "the server. Open the file in Excel or WPS and save it again."
            )
        )

    def start(self, tag, attrib):
        raise _Root
