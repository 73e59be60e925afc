"""Tell from a file's first bytes whether it is an XLSX workbook or text.

What is neither (a PDF, an old binary Excel file, a web page or XML document
that a system exported under a spreadsheet's name) is refused, saying what the
file is and how to make a CSV or XLSX of it.
"""

import codecs

from django.utils.translation import gettext as _

from .limits import UnreadableFile

HEAD_BYTES = 4096
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<table",
    b"<tr",
    b"<div",
    b"<style",
    b"<!--",
)


def sniff(head: bytes, name: str) -> str:
    """Return "xlsx" or "text" for a file starting with `head`, or refuse it."""
    if not head:
        raise UnreadableFile(_("The file is empty."))
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        raise UnreadableFile(
            _(
                "This is an old Excel workbook (.xls) or a workbook protected by a "
                "password, which the importer cannot read. Open it in Excel or WPS, "
                "remove any password and save it as XLSX or as “CSV UTF-8”."
            )
        )
    if head.startswith(b"%PDF"):
        raise UnreadableFile(
            _("This is a PDF document, not a table. Upload the data as CSV or XLSX.")
        )
    if head.startswith(b"{\\rtf"):
        raise UnreadableFile(
            _(
                "This is an RTF text document, not a table. Upload the data as CSV "
                "or XLSX."
            )
        )
    markup = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if markup.startswith(_HTML):
        raise UnreadableFile(
            _(
                "This is a web page (HTML), not a CSV or XLSX file; some systems "
                "export tables that way under a spreadsheet's name. Open it in "
                "Excel or WPS and save it as XLSX or as “CSV UTF-8”."
            )
        )
    if markup.startswith(b"<?xml"):
        raise UnreadableFile(
            _(
                "This is an XML document (perhaps an “XML Spreadsheet 2003”), not "
                "a CSV or XLSX file. Open it in Excel or WPS and save it as XLSX "
                "or as “CSV UTF-8”."
            )
        )
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(_("The file is named .xlsx but is not an XLSX file."))
    return "text"
