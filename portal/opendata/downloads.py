"""Downloads of a filtered selection, for the collection pages and the API alike.

CSV and JSON Lines stream straight from a database iterator, so memory stays
flat however large the selection; rows come in the order of `sort`, or in id
order without one; XLSX (a zip that cannot be streamed) is
written in openpyxl's write-only mode and capped at `OPEN_DATA_XLSX_MAX_ROWS`.
"""

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core.dates import local_today
from portal.opendata import formats, sqltext
from portal.opendata.datasets import Dataset
from portal.opendata.origins import site_origin

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DownloadError(Exception):
    """A download that cannot be given as asked; the message says why."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def xlsx_cap() -> int:
    return settings.OPEN_DATA_XLSX_MAX_ROWS


def unknown_format_message(value: str) -> str:
    return _("Unknown download format “%(value)s”; choose one of %(formats)s.") % {
        "value": value,
        "formats": ", ".join(FORMATS),
    }


def check_format(value: str) -> None:
    if value not in FORMATS:
        raise DownloadError(unknown_format_message(value), code="invalid_format")


def _check_xlsx_size(queryset) -> None:
    cap = xlsx_cap()
    if queryset.order_by().values("pk")[: cap + 1].count() > cap:
        raise DownloadError(
            _(
                "An XLSX download holds at most %(cap)s rows and this selection has "
                "more. Narrow the filters, download it as CSV or JSON Lines (no "
                "limit), or take the complete bulk files at %(url)s."
            )
            % {"cap": f"{cap:,}", "url": reverse("opendata:catalogue")},
            code="too_many_rows_for_xlsx",
        )


def download(dataset: Dataset, queryset, fmt: str, *, fields=None, origin=None):
    """Return the response that downloads `queryset` in `fmt`; raise DownloadError.

    Page addresses in the file start with `origin`, else the site's
    (`origins.site_origin`).
    """
    check_format(fmt)
    if not queryset.query.order_by:
        # Without a chosen sort, rows come in id order, as in the bulk files:
        # the table is read in its own order, twice as fast as by an index.
        queryset = queryset.order_by("pk")
    plan = dataset.plan(fields, origin=origin or site_origin())
    filename = f"{dataset.name}-{formats.stamp(local_today())}.{fmt}"
    if fmt == "xlsx":
        _check_xlsx_size(queryset)
        handle = formats.xlsx_file(plan, plan.read(queryset), title=str(dataset.title))
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=FORMATS[fmt]
        )
    if fmt == "csv":
        # The database writes the lines, or at least the dates, amounts and
        # lists, as text itself.
        chunks = sqltext.csv_download(plan, queryset)
    else:
        chunks = formats.jsonl_chunks(plan, plan.read(queryset))
    response = StreamingHttpResponse(chunks, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class DownloadMixin:
    """Let a collection page download its current selection with `?format=`."""

    dataset: Dataset

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        if not fmt:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        if not filterset.is_valid():
            return self._refused(
                request,
                [
                    f"{filterset.form.fields[name].label}: {message}"
                    for name, messages in filterset.errors.items()
                    for message in messages
                ],
            )
        try:
            # The API's downloads take the same origin: the two files agree.
            return download(self.dataset, filterset.qs, fmt, origin=site_origin())
        except DownloadError as error:
            return self._refused(request, [error.message])

    def _refused(self, request, messages):
        params = request.GET.copy()
        params.pop("format", None)
        return render(
            request,
            "opendata/download_refused.html",
            {"messages": messages, "back": f"{request.path}?{params.urlencode()}"},
            status=400,
        )
