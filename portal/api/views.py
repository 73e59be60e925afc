"""The base of every read-only collection: filters, fields, cursor pages, downloads.

A collection names its dataset (portal.opendata.datasets, which writes the
rows and masks personal data) and the app's FilterSet (the one its page uses),
so the page, the API and the downloads take the same parameters and give the
same rows.
"""

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from portal.api.exceptions import ApiError
from portal.api.filters import StrictFilterBackend, parameter_names, reject_unknown
from portal.api.pagination import CursorPagination
from portal.api.schema import row_serializer
from portal.opendata import downloads
from portal.opendata.datasets import Dataset

LIST_PARAMETERS = ("cursor", "page_size", "count", "fields", "format")


def _fields_parameter(dataset: Dataset) -> OpenApiParameter:
    return OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        description=_("Comma-separated fields to return, of: %(names)s.")
        % {"names": ", ".join(dataset.column_names)},
    )


_FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=list(downloads.FORMATS),
    description=(
        "Download the whole selection instead of a page: csv (UTF-8 with BOM), "
        "jsonl (JSON Lines) or xlsx (capped; see the bulk files at /open-data/)."
    ),
)


def collection_schema(dataset: Dataset, *, lookup: str = "id"):
    """Decorate a collection's viewset with its OpenAPI description."""
    fields = _fields_parameter(dataset)
    title = str(dataset.title)
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {dataset.name}",
            description=str(dataset.description),
            parameters=[fields, _FORMAT],
            tags=[dataset.name],
        ),
        retrieve=extend_schema(
            summary=f"One row of {dataset.name} by {lookup}",
            description=title,
            parameters=[fields],
            tags=[dataset.name],
        ),
    )


class CollectionViewSet(viewsets.GenericViewSet):
    """List (paged or downloaded) and retrieve the rows of one dataset."""

    dataset: Dataset
    filter_backends = [StrictFilterBackend]
    pagination_class = CursorPagination

    def get_queryset(self):
        return self.dataset.base()

    def get_serializer_class(self):
        return row_serializer(self.dataset)

    def _fields(self, request) -> list[str] | None:
        raw = request.query_params.get("fields", "")
        if not raw.strip():
            return None
        names = [name.strip() for name in raw.split(",") if name.strip()]
        unknown = [name for name in names if name not in self.dataset.column_names]
        if unknown:
            raise ApiError(
                _("Unknown field: %(names)s. Fields: %(known)s.")
                % {
                    "names": ", ".join(unknown),
                    "known": ", ".join(self.dataset.column_names),
                },
                code="unknown_field",
                details={"fields": unknown},
            )
        return list(dict.fromkeys(names))

    def list(self, request, *args, **kwargs):
        allowed = [*parameter_names(self.filterset_class), *LIST_PARAMETERS]
        reject_unknown(request.query_params, allowed)
        fields = self._fields(request)
        fmt = request.query_params.get("format")
        if fmt and fmt not in downloads.FORMATS:
            message = downloads.unknown_format_message(fmt)
            raise ApiError(
                message, code="invalid_format", details={"format": [message]}
            )
        queryset = self.filter_queryset(self.get_queryset())
        if fmt:
            self.paginator.check(queryset, request)
            try:
                return downloads.download(self.dataset, queryset, fmt, fields=fields)
            except downloads.DownloadError as error:
                raise ApiError(
                    error.message, code=error.code, details={"format": [error.message]}
                ) from None
        pks, next_link, count = self.paginator.paginate(queryset, request)
        plan = self.dataset.plan(fields)
        rows = dict(plan.read(queryset.filter(pk__in=pks).order_by()))
        body = {"next": next_link, "results": [plan.as_json(rows[pk]) for pk in pks]}
        if count is not None:
            body = {"count": count, **body}
        return Response(body)

    def retrieve(self, request, *args, **kwargs):
        reject_unknown(request.query_params, ["fields"])
        fields = self._fields(request)
        value = kwargs[self.lookup_url_kwarg or self.lookup_field]
        lookup = {self.lookup_field: value}
        if self.lookup_field == "pk" and not (value.isascii() and value.isdigit()):
            # Not an id at all ("abc", "²"): nothing was ever published there.
            CollectionViewSet.not_found(self, lookup)
        plan = self.dataset.plan(fields)
        found = list(plan.read(self.get_queryset().filter(**lookup).order_by()))
        if not found:
            self.not_found(lookup)
        return Response(plan.as_json(found[0][1]))

    def not_found(self, lookup):
        """Raise the error for a row that is not public: 404, or 410 if removed."""
        raise ApiError(
            _("Nothing is published at this address."),
            code="not_found",
            status_code=404,
        )


def docs(request):
    """The interactive API documentation, from assets the portal serves itself."""
    return render(
        request,
        "api/docs.html",
        {
            "schema_url": reverse("api:schema"),
            "schema_json_url": reverse("api:schema-json"),
            "swagger_css": static(
                "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"
            ),
            "swagger_js": static(
                "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
            ),
        },
    )
