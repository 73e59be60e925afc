"""Token-authenticated endpoints for an authority's own systems.

Records are pushed in the national format ({column code: value}) and go
through exactly the checks of a file import, with the same per-row report; a
token acts for its owner's authority only.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.authentication import ApiTokenAuthentication
from portal.api.exceptions import ApiError
from portal.api.filters import StrictParametersMixin, reject_unknown, reject_value
from portal.api.pagination import positive_parameter
from portal.api.publishing.serializers import (
    PushReportSerializer,
    PushSerializer,
    RecordSerializer,
    WithdrawSerializer,
)
from portal.api.schema import Error
from portal.disclosures.choices import RecordState
from portal.disclosures.history import describe_changes
from portal.publishing import kinds, selectors
from portal.publishing.exceptions import PublishingError
from portal.publishing.importing import FIRST_ROW
from portal.publishing.services import imports, records


class IsOfficial(permissions.BasePermission):
    message = _("This token does not belong to an official who publishes.")

    def has_permission(self, request, view):
        official = selectors.official_for(request.user)
        if official is None or not official.is_publisher:
            return False
        request.official = official
        return True


class _OfficialAPIView(StrictParametersMixin, APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsOfficial]

    @property
    def max_body_bytes(self) -> int:
        """Let a push of PUBLISHING_API_MAX_RECORDS records of a few kB each in."""
        return settings.PUBLISHING_API_MAX_RECORDS * 4096


class _Pages(PageNumberPagination):
    page_size = 100
    max_page_size = 1000
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        # A malformed number is a 400, as everywhere in the API; past the end, 404.
        positive_parameter(request, self.page_query_param, 1, 2**31)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request):
        return positive_parameter(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )


def _reject_unknown_fields(data, serializer_class) -> None:
    """Refuse a body field the serializer does not read, as a query parameter."""
    if isinstance(data, dict):
        reject_unknown(data, serializer_class().fields)


def _row(problem) -> dict:
    return {
        "row": problem.row,
        # Where the record is in `records`; none for the call as a whole.
        "index": problem.row - FIRST_ROW if problem.row >= FIRST_ROW else None,
        "column": problem.column,
        "message": problem.message,
    }


def _correction(correction, kind: str) -> dict:
    model = kinds.model_for(kind)
    return {
        "row": correction.row,
        "index": correction.row - FIRST_ROW,
        "id": correction.record_id,
        "decision_number": correction.decision_number,
        "changes": [
            {
                "field": change.name,
                "label": change.label,
                "old": change.old,
                "new": change.new,
            }
            for change in describe_changes(model, correction.changes)
        ],
    }


def _report(checked, written, dry_run: bool, kind: str) -> dict:
    return {
        "dry_run": dry_run,
        "published": written is not None,
        "rows": checked.rows_total,
        "new": checked.counts["new"],
        "changed": checked.counts["changed"],
        "unchanged": checked.counts["unchanged"],
        "invalid": checked.counts["invalid"],
        "created": written.created if written else 0,
        "corrected": written.corrected if written else 0,
        "problems": [_row(p) for p in checked.problems],
        "warnings": [_row(p) for p in checked.warnings],
        "corrections": [_correction(c, kind) for c in checked.corrections],
    }


_KIND = OpenApiParameter(
    "kind",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=["permits", "penalties"],
    description=_("The record type."),
)


class RecordsView(_OfficialAPIView):
    """GET: the authority's records. POST: push records (check, then publish)."""

    def known_parameters(self):
        if self.request.method != "GET":
            return []
        return ["state", "decision_number", "page", "page_size"]

    @extend_schema(
        operation_id="v1_publishing_records_list",
        parameters=[
            _KIND,
            OpenApiParameter(
                "state",
                OpenApiTypes.STR,
                enum=RecordState.values,
                description=_("Only this state."),
            ),
            OpenApiParameter(
                "decision_number", OpenApiTypes.STR, description=_("Only this number.")
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT),
        ],
        responses=inline_serializer(
            "RecordPage",
            {
                "count": serializers.IntegerField(),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "results": RecordSerializer(many=True),
            },
        ),
    )
    def get(self, request, kind):
        queryset = selectors.records_for(request.official, kind).order_by("-pk")
        state = request.query_params.get("state")
        if state:
            reject_value("state", state, RecordState.values)
            queryset = queryset.filter(state=state)
        number = request.query_params.get("decision_number")
        if number:
            queryset = queryset.filter(decision_number=number)
        pages = _Pages()
        page = pages.paginate_queryset(queryset, request, view=self)
        data = RecordSerializer(page, many=True, context={"request": request}).data
        return pages.get_paginated_response(data)

    @extend_schema(
        operation_id="v1_publishing_records_push",
        parameters=[_KIND],
        request=PushSerializer,
        responses={200: PushReportSerializer, 422: PushReportSerializer},
    )
    def post(self, request, kind):
        _reject_unknown_fields(request.data, PushSerializer)
        serializer = PushSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        checked, written = imports.push_records(
            official=request.official,
            kind=kind,
            records=data["records"],
            mode=data["mode"],
            reason=data["correction_reason"],
            dry_run=data["dry_run"],
            source="api",
        )
        report = _report(checked, written, data["dry_run"], kind)
        rejected = written is None and not data["dry_run"]
        code = status.HTTP_422_UNPROCESSABLE_ENTITY if rejected else status.HTTP_200_OK
        return Response(report, status=code)


class RecordView(_OfficialAPIView):
    @extend_schema(
        operation_id="v1_publishing_record_read",
        parameters=[_KIND],
        responses=RecordSerializer,
    )
    def get(self, request, kind, pk):
        record = selectors.record_for(request.official, kind, pk)
        return Response(RecordSerializer(record, context={"request": request}).data)


class WithdrawView(_OfficialAPIView):
    @extend_schema(
        operation_id="v1_publishing_record_withdraw",
        parameters=[_KIND],
        request=WithdrawSerializer,
        responses={200: RecordSerializer, 409: Error},
    )
    def post(self, request, kind, pk):
        record = selectors.record_for(request.official, kind, pk)
        _reject_unknown_fields(request.data, WithdrawSerializer)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = records.withdraw_record(
                official=request.official,
                record=record,
                reason=serializer.validated_data["reason"],
                note=serializer.validated_data["note"],
                source="api",
            )
        except PublishingError as error:
            raise ApiError(
                str(error.message),
                code="conflict",
                status_code=status.HTTP_409_CONFLICT,
            ) from error
        return Response(RecordSerializer(record, context={"request": request}).data)
