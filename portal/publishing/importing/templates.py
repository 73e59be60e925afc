"""Empty files in the national format for officials to fill in."""

import csv
import io

from django.utils.translation import gettext as _

from portal.publishing.importing.columns import columns_for


def _headers(kind: str, *, labels: bool) -> list[str]:
    return [column.label if labels else column.code for column in columns_for(kind)]


def csv_template(kind: str, *, labels: bool = False) -> bytes:
    """Return a header-only CSV, UTF-8 with a byte-order mark for Excel."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(_headers(kind, labels=labels))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_template(kind: str, *, labels: bool = False) -> bytes:
    """Return an XLSX with the header row and a sheet describing each column."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "data"
    sheet.append(_headers(kind, labels=labels))
    guide = workbook.create_sheet(_("columns"))
    guide.append([_("Code"), _("Label"), _("Required")])
    for column in columns_for(kind):
        guide.append([column.code, column.label, _("yes") if column.required else ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
