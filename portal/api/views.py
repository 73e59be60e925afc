"""The base of every read-only collection, and the root of version 1.

A collection names its dataset (portal.opendata.datasets, which writes the
rows and masks personal data) and the app's FilterSet (the one its page uses),
so the page, the API and the downloads take the same parameters and give the
same rows: filters, `?fields=`, cursor pages and `?format=` downloads alike
for every collection (portal.api.routes registers them all).
"""

from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse as api_reverse
from rest_framework.views import APIView

from portal.api import pagination
from portal.api.exceptions import ApiError
from portal.api.filters import (
    StrictFilterBackend,
    StrictParametersMixin,
    parameter_names,
    reject_unknown,
)
from portal.api.pagination import CursorPagination
from portal.api.schema import OFFICIALS_GROUPS, PUBLIC_GROUPS, row_serializer
from portal.opendata import downloads
from portal.opendata.datasets import Dataset

LIST_PARAMETERS = (*pagination.PARAMETERS, "fields", "format")


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


def collection_schema(
    dataset: Dataset,
    *,
    lookup: str = "id",
    summary: str = "",
    parameters=(),
    operation_id: str | None = None,
):
    """Decorate a collection's viewset with its OpenAPI description.

    `parameters` and `operation_id` describe a list under a path parameter; a
    viewset without `retrieve` gets no description of one.
    """
    fields = _fields_parameter(dataset)

    def decorate(viewset):
        operations = {
            "list": extend_schema(
                operation_id=operation_id,
                summary=summary or f"List {dataset.name}",
                description=str(dataset.description),
                parameters=[*parameters, fields, _FORMAT],
                tags=[dataset.name],
            )
        }
        if hasattr(viewset, "retrieve"):
            operations["retrieve"] = extend_schema(
                summary=f"One row of {dataset.name} by {lookup}",
                description=str(dataset.title),
                parameters=[fields],
                tags=[dataset.name],
            )
        return extend_schema_view(**operations)(viewset)

    return decorate


class ListCollectionViewSet(viewsets.GenericViewSet):
    """List the rows of one dataset: paged, narrowed to `?fields=`, or downloaded."""

    dataset: Dataset
    filter_backends = [StrictFilterBackend]
    filterset_class = None
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
        filters = parameter_names(self.filterset_class) if self.filterset_class else []
        reject_unknown(request.query_params, [*filters, *LIST_PARAMETERS])
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
        results = [plan.as_json(rows[pk]) for pk in pks]
        return Response(self.paginator.body(results, next_link, count))


class CollectionViewSet(ListCollectionViewSet):
    """List the rows of one dataset, and retrieve one row by its lookup field."""

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


class RootView(StrictParametersMixin, APIView):
    """List every endpoint of version 1, the schema and the documentation.

    The router (portal.api.routes) gives `api_root_dict`, {prefix: URL name},
    from its own registrations; a prefix with a path parameter has no one
    address, and is left out.
    """

    schema = None
    api_root_dict: dict[str, str] = {}

    def get(self, request):
        namespace = request.resolver_match.namespace
        return Response(
            {
                "endpoints": {
                    prefix: api_reverse(f"{namespace}:{name}", request=request)
                    for prefix, name in self.api_root_dict.items()
                    if "(" not in prefix
                },
                "schema": api_reverse(f"{namespace}:schema", request=request),
                "docs": api_reverse(f"{namespace}:docs", request=request),
            }
        )


def _docs_page(request, *, officials: bool):
    schema_name = "api:schema-officials" if officials else "api:schema"
    return render(
        request,
        "api/docs.html",
        {
            "officials": officials,
            "groups": OFFICIALS_GROUPS if officials else PUBLIC_GROUPS,
            "schema_url": reverse(schema_name),
            "schema_json_url": reverse(f"{schema_name}-json"),
            # The schema in the page's language, whatever the browser sends.
            "schema_language": get_language(),
            "swagger_css": static(
                "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"
            ),
            "swagger_js": static(
                "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
            ),
        },
    )


def docs(request):
    """The interactive API documentation, from assets the portal serves itself."""
    return _docs_page(request, officials=False)


def officials_docs(request):
    """The officials' API documentation: their write endpoints, apart."""
    return _docs_page(request, officials=True)
