"""/api/v1/search/: the search page's parameters and results, as JSON."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from portal.api.exceptions import ApiError
from portal.api.filters import reject_unknown
from portal.search import selection
from portal.search.query import KINDS, SORTS, parse_query

PARAMETERS = (
    "q",
    "kind",
    "region",
    "authority",
    "category",
    "list",
    "year",
    "sort",
    "page",
)

_DOCUMENTED = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        required=True,
        description="Words, a name fragment or a code.",
    ),
    OpenApiParameter(
        "kind", OpenApiTypes.STR, enum=list(KINDS), many=True, explode=True
    ),
    OpenApiParameter(
        "region", OpenApiTypes.STR, description="Six-digit GB/T 2260 code."
    ),
    OpenApiParameter("authority", OpenApiTypes.INT),
    OpenApiParameter("category", OpenApiTypes.STR),
    OpenApiParameter("list", OpenApiTypes.STR, description="A list's slug."),
    OpenApiParameter("year", OpenApiTypes.INT),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT),
]


# One answer, not a list of them, though the router routes it as a list.
@extend_schema_serializer(many=False)
class SearchResponseSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    backend = serializers.CharField()
    degraded = serializers.BooleanField()
    notes = serializers.ListField(child=serializers.CharField())
    results = serializers.ListField(child=serializers.DictField())
    facets = serializers.DictField()


class SearchViewSet(viewsets.ViewSet):
    """A query, not a collection: the search page's pages, facets and notes."""

    @extend_schema(
        summary="Full-text search",
        description="The search page's parameters and results, with facets.",
        parameters=_DOCUMENTED,
        responses=SearchResponseSerializer,
        tags=["search"],
    )
    def list(self, request):
        reject_unknown(request.query_params, PARAMETERS)
        try:
            query = parse_query(request.query_params)
        except ValidationError as error:
            details = {
                name: [str(m) for m in messages]
                for name, messages in error.message_dict.items()
            }
            raise ApiError(
                _("Some parameters are not valid: %(names)s.")
                % {"names": ", ".join(details)},
                code="invalid",
                details=details,
            ) from None
        results = selection.search(query)
        pages = max(1, -(-results.total // query.page_size))
        next_link = None
        if query.page < pages:
            params = request.query_params.copy()
            params["page"] = str(query.page + 1)
            next_link = request.build_absolute_uri(
                f"{request.path}?{params.urlencode()}"
            )
        return Response(
            {
                "total": results.total,
                "page": query.page,
                "page_size": query.page_size,
                "next": next_link,
                "backend": results.backend,
                "degraded": results.degraded,
                "notes": list(query.notes),
                "results": [
                    {
                        "kind": hit.kind,
                        "id": hit.object_id,
                        "title": hit.title,
                        "url": request.build_absolute_uri(hit.url),
                        "snippet_html": hit.snippet,
                        "date": hit.date or None,
                        "exact": hit.exact,
                    }
                    for hit in results.hits
                ],
                "facets": {
                    name: [
                        {"value": v.value, "count": v.count, "label": v.label}
                        for v in values
                    ]
                    for name, values in results.facets.items()
                },
            }
        )
