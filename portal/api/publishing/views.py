"""Token-authenticated endpoints for an authority's own systems.

Records are pushed in the national format ({column code: value}) and go
through exactly the checks of a file import, with the same per-row report; a
token acts for its owner's authority only.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.api import pagination
from portal.api.authentication import ApiTokenAuthentication
from portal.api.exceptions import ApiError
from portal.api.filters import StrictParametersMixin, parameter_names, reject_unknown
from portal.api.pagination import CursorPagination
from portal.api.publishing.filtersets import RecordFilterSet
from portal.api.publishing.serializers import (
    PushReportSerializer,
    PushSerializer,
    RecordSerializer,
    WithdrawSerializer,
)
from portal.api.schema import Error
from portal.disclosures.choices import RecordKind
from portal.disclosures.history import describe_changes
from portal.publishing import kinds, selectors
from portal.publishing.exceptions import PublishingError
from portal.publishing.importing import FIRST_ROW
from portal.publishing.services import imports, records

# Swagger shows these apart from the public collections.
TAG = "Officials' API"


class IsOfficial(permissions.BasePermission):
    message = _("This token does not belong to an official who publishes.")

    def has_permission(self, request, view):
        official = selectors.official_for(request.user)
        if official is None or not official.is_publisher:
            return False
        request.official = official
        return True


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


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The authority's records, newest first",
        responses=RecordSerializer,
    ),
    create=extend_schema(
        summary="Push records: check them, then publish",
        request=PushSerializer,
        responses={200: PushReportSerializer, 422: PushReportSerializer},
    ),
    retrieve=extend_schema(summary="One of the authority's records"),
    withdraw=extend_schema(
        summary="Withdraw a record, with a reason the public sees",
        request=WithdrawSerializer,
        responses={200: RecordSerializer, 409: Error},
    ),
)
class _RecordsViewSet(StrictParametersMixin, viewsets.GenericViewSet):
    """An authority's records of one kind, for its own systems, with a token.

    The list pages, filters and refuses parameters as every collection does;
    pushes and withdrawals take JSON bodies and refuse fields they do not read.
    """

    kind: str
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsOfficial]
    filterset_class = RecordFilterSet
    pagination_class = CursorPagination
    serializer_class = RecordSerializer
    lookup_value_regex = "[0-9]+"

    @property
    def max_body_bytes(self) -> int:
        """Let a push of PUBLISHING_API_MAX_RECORDS records of a few kB each in."""
        return settings.PUBLISHING_API_MAX_RECORDS * 4096

    def known_parameters(self):
        if self.action != "list":
            return []
        return [*parameter_names(self.filterset_class), *pagination.PARAMETERS]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's dry run
            return kinds.model_for(self.kind).objects.none()
        return selectors.records_for(self.request.official, self.kind).order_by("-pk")

    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        pks, next_link, count = self.paginator.paginate(queryset, request)
        found = queryset.in_bulk(pks)
        results = RecordSerializer(
            [found[pk] for pk in pks], many=True, context={"request": request}
        ).data
        return Response(self.paginator.body(results, next_link, count))

    def create(self, request):
        _reject_unknown_fields(request.data, PushSerializer)
        serializer = PushSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        checked, written = imports.push_records(
            official=request.official,
            kind=self.kind,
            records=data["records"],
            mode=data["mode"],
            reason=data["correction_reason"],
            dry_run=data["dry_run"],
            source="api",
        )
        report = _report(checked, written, data["dry_run"], self.kind)
        rejected = written is None and not data["dry_run"]
        code = status.HTTP_422_UNPROCESSABLE_ENTITY if rejected else status.HTTP_200_OK
        return Response(report, status=code)

    def retrieve(self, request, pk):
        record = selectors.record_for(request.official, self.kind, pk)
        return Response(RecordSerializer(record, context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk):
        record = selectors.record_for(request.official, self.kind, pk)
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


class PermitRecordsViewSet(_RecordsViewSet):
    kind = RecordKind.PERMIT


class PenaltyRecordsViewSet(_RecordsViewSet):
    kind = RecordKind.PENALTY
