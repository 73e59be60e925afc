"""/api/v1/inspections/: public plans, their files and draws, checks, and results.

Plans and results page, narrow with `fields=`, download with `?format=` (the
rows of their open-data datasets) and refuse unknown parameters as every
collection does, with the FilterSets of the pages
(portal/inspections/filtersets.py). Their JSON says more than a file's row:
items, files, history, nested. A plan's check re-runs the draw on the
published files, or on the reader's own copies sent with POST, which are read
in memory and never stored. Inspectors appear by their public codes only.
"""

from django.http import HttpResponse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from portal.api import pagination
from portal.api.exceptions import ApiError
from portal.api.filters import StrictParametersMixin, parameter_names, reject_unknown
from portal.api.inspections import reads
from portal.api.inspections.serializers import (
    CheckReportSerializer,
    DrawSerializer,
    PlanSerializer,
    ResultSerializer,
)
from portal.api.pagination import CursorPagination
from portal.api.schema import AutoSchema, Error
from portal.inspections import selectors
from portal.inspections.checks import CHECKABLE_FILES, MAX_FILE_BYTES, check_plan
from portal.inspections.choices import PlanState
from portal.inspections.filtersets import PlanFilterSet, ResultFilterSet
from portal.opendata import downloads
from portal.opendata.datasets import INSPECTION_PLANS, INSPECTION_RESULTS, Dataset

# The group of the schema (portal.api.schema.PUBLIC_GROUPS).
TAG = "inspections"
ID = "[0-9]+"
FILE_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json"}


def _fields_description(names: tuple[str, ...], dataset: Dataset | None) -> str:
    text = _("Comma-separated fields to return, of: %(names)s.") % {
        "names": ", ".join(names)
    }
    if dataset is None:
        return text
    return (
        text
        + " "
        + _("With format, the columns of the file instead, of: %(columns)s.")
        % {"columns": ", ".join(dataset.column_names)}
    )


def _fields_parameter(serializer, dataset: Dataset | None = None) -> OpenApiParameter:
    # Said in the language of each request for the schema, not of the import.
    names = tuple(serializer().fields)
    return OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        description=lazy(_fields_description, str)(names, dataset),
    )


def _format_description(dataset: Dataset) -> str:
    return _(
        "Download the whole selection instead of a page, as the rows of the "
        "open-data file %(name)s: csv (UTF-8 with BOM), jsonl (JSON Lines) or "
        "xlsx (capped; see the bulk files at /open-data/)."
    ) % {"name": dataset.name}


def _format_parameter(dataset: Dataset) -> OpenApiParameter:
    return OpenApiParameter(
        "format",
        OpenApiTypes.STR,
        enum=list(downloads.FORMATS),
        description=lazy(_format_description, str)(dataset),
    )


def _check_post_description() -> str:
    return _(
        "The same check with your own copies of some files, sent as "
        "multipart/form-data, one part per file, named as the file (for "
        "example plan.json as you saved it before the draw): they are checked "
        "instead of the published ones, read in memory and never stored. At "
        "most %(max)s bytes per file."
    ) % {"max": f"{MAX_FILE_BYTES:,}"}


def _not_found():
    return ApiError(
        _("Nothing is published at this address."), code="not_found", status_code=404
    )


class _ListSchema(AutoSchema):
    """The API's schema, with the download formats of a list's `?format=`."""

    def _downloads(self) -> bool:
        return getattr(self.view, "action", None) == "list"


class _Narrowed(StrictParametersMixin, viewsets.GenericViewSet):
    """A list and its items: cursor pages, the page's filters, `fields=`.

    A list's `?format=` downloads the selection as the rows of its open-data
    dataset, as every collection's does; its JSON says more (items, files,
    history), nested.
    """

    serializer_class: type
    download_dataset: Dataset
    pagination_class = CursorPagination
    lookup_value_regex = ID
    schema = _ListSchema()

    def known_parameters(self):
        if self.action == "list":
            return [
                *parameter_names(self.filterset_class),
                *pagination.PARAMETERS,
                "fields",
                "format",
            ]
        if self.action == "retrieve":
            return ["fields"]
        return []

    def _fields(self, request, known: list[str]) -> list[str] | None:
        raw = request.query_params.get("fields", "")
        if not raw.strip():
            return None
        names = [name.strip() for name in raw.split(",") if name.strip()]
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ApiError(
                _("Unknown field: %(names)s. Fields: %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(known)},
                code="unknown_field",
                details={"fields": unknown},
            )
        return list(dict.fromkeys(names))

    def _narrow(self, row: dict, fields) -> dict:
        return row if fields is None else {name: row[name] for name in fields}

    def _rows(self, queryset, pks):
        """Return the objects of `pks`, in that order, as the serializer reads them."""
        raise NotImplementedError

    def _one(self, pk: str):
        # A valid id of nothing public ("99999999999999999999" too): a 404.
        if len(pk) > 18:
            raise _not_found()
        found = self._rows(self.get_queryset(), [int(pk)])
        if not found:
            raise _not_found()
        return found[0]

    def _download(self, request, fmt: str):
        if fmt not in downloads.FORMATS:
            message = downloads.unknown_format_message(fmt)
            raise ApiError(
                message, code="invalid_format", details={"format": [message]}
            )
        dataset = self.download_dataset
        fields = self._fields(request, dataset.column_names)
        queryset = self.filter_queryset(dataset.base())
        self.paginator.check(queryset, request)
        try:
            return downloads.download(dataset, queryset, fmt, fields=fields)
        except downloads.DownloadError as error:
            raise ApiError(
                error.message, code=error.code, details={"format": [error.message]}
            ) from None

    def list(self, request):
        fmt = request.query_params.get("format")
        if fmt:
            return self._download(request, fmt)
        fields = self._fields(request, list(self.serializer_class().fields))
        queryset = self.filter_queryset(self.get_queryset())
        pks, next_link, count = self.paginator.paginate(queryset, request)
        rows = self.serializer_class(
            self._rows(queryset, pks), many=True, context={"request": request}
        ).data
        results = [self._narrow(row, fields) for row in rows]
        return Response(self.paginator.body(results, next_link, count))

    def retrieve(self, request, pk):
        fields = self._fields(request, list(self.serializer_class().fields))
        row = self.serializer_class(self._one(pk), context={"request": request}).data
        return Response(self._narrow(row, fields))


class _PassThroughNegotiation(DefaultContentNegotiation):
    """Answer a file whatever Accept says; errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


_PLAN_ID = OpenApiParameter(
    "id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("The plan's id."),
)
_FILE_NAME = OpenApiParameter(
    "name",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    enum=list(CHECKABLE_FILES),
    description=gettext_lazy("A file of the draw specification, version 1."),
)


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List of random-inspection plans"),
        description=gettext_lazy(
            "Every published plan (committed, drawn or closed; never a draft), "
            "latest start first, with its items, population, sample sizes, commitment, "
            "public value, seed and published files, and the same filters as the "
            "plans page."
        ),
        parameters=[
            _fields_parameter(PlanSerializer, INSPECTION_PLANS),
            _format_parameter(INSPECTION_PLANS),
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("One random-inspection plan, by id"),
        description=gettext_lazy(
            "A published plan; a draft or an unknown id answers 404."
        ),
        parameters=[_PLAN_ID, _fields_parameter(PlanSerializer)],
    ),
    published_file=extend_schema(
        summary=gettext_lazy("One published file of a plan, byte for byte"),
        description=gettext_lazy(
            "The exact bytes the plan published, the ones its SHA-256 in plan.json "
            "fixes: save them as they are and check the draw with verify_draw.py. "
            "A name that is not a file of this plan answers 404."
        ),
        parameters=[_PLAN_ID, _FILE_NAME],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
        },
    ),
    draw=extend_schema(
        summary=gettext_lazy("The entities a plan drew, with their teams"),
        description=gettext_lazy(
            "drawn.csv and teams.csv as rows: each drawn entity (a natural "
            "person's name masked) with its stratum, lottery number and the "
            "public codes of the inspectors drawn for it. Empty until the draw."
        ),
        parameters=[_PLAN_ID],
        responses=DrawSerializer,
    ),
)
class PlanViewSet(_Narrowed):
    """Public random-inspection plans, their files, draws and checks."""

    filterset_class = PlanFilterSet
    serializer_class = PlanSerializer
    download_dataset = INSPECTION_PLANS

    def get_queryset(self):
        return selectors.public_plans()

    def _rows(self, queryset, pks):
        return reads.plans_with_facts(queryset, pks)

    def _plan(self, pk: str):
        if len(pk) > 18:
            raise _not_found()
        plan = self.get_queryset().filter(pk=int(pk)).first()
        if plan is None:
            raise _not_found()
        return plan

    @action(
        detail=True,
        url_path=r"files/(?P<name>[^/]+)",
        url_name="file",
        content_negotiation_class=_PassThroughNegotiation,
    )
    def published_file(self, request, pk, name):
        plan = self._plan(pk)
        file = selectors.published_files(plan=plan).get(name)
        if file is None:
            raise _not_found()
        suffix = name[name.rindex(".") :]
        response = HttpResponse(bytes(file.content), content_type=FILE_TYPES[suffix])
        response["Content-Disposition"] = f'attachment; filename="{file.name}"'
        response["ETag"] = f'"{file.sha256}"'
        return response

    @action(detail=True)
    def draw(self, request, pk):
        plan = self._plan(pk)
        drawn = plan.state in (PlanState.DRAWN, PlanState.CLOSED)
        teams: dict[int, list[str]] = {}
        for member in selectors.team_of(plan=plan):
            teams.setdefault(member.drawn_id, []).append(member.inspector.code)
        entities = plan.drawn.select_related("entity").order_by("position")
        body = DrawSerializer(
            {
                "plan": plan.pk,
                "drawn": drawn,
                "team_size": plan.team_size,
                "entities": entities,
            },
            context={"request": request, "teams": teams},
        ).data
        return Response(body)

    @extend_schema(
        methods=["GET"],
        summary=gettext_lazy("Check a plan's draw"),
        description=gettext_lazy(
            "Re-run every check of the draw specification on the files the plan "
            "published: the pools' SHA-256 against plan.json, the secret against "
            "the commitment, the seed, and drawn.csv and teams.csv recomputed. "
            "Before the draw only the pools are checked."
        ),
        parameters=[_PLAN_ID],
        responses=CheckReportSerializer,
    )
    @extend_schema(
        methods=["POST"],
        summary=gettext_lazy("Check a plan's draw with your copies of its files"),
        description=lazy(_check_post_description, str)(),
        parameters=[_PLAN_ID],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    name: {"type": "string", "format": "binary"}
                    for name in CHECKABLE_FILES
                },
                "additionalProperties": False,
            }
        },
        responses={
            200: CheckReportSerializer,
            415: OpenApiResponse(
                Error,
                description=gettext_lazy("The body is not multipart/form-data."),
            ),
        },
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser])
    def check(self, request, pk):
        plan = self._plan(pk)
        if request.method == "GET":
            return Response(check_plan(plan).as_dict())
        return Response(check_plan(plan, _sent_files(request)).as_dict())


def _sent_files(request) -> dict[str, bytes]:
    """Return the files of a check's body by name, refusing anything else."""
    names = [*request.data.keys()]
    reject_unknown(dict.fromkeys(names), CHECKABLE_FILES)
    texts = [name for name in request.data if name not in request.FILES]
    if texts:
        message = _(
            "Send each file as a file part of the form, not as text: with curl, "
            "-F 'plan.json=@plan.json'."
        )
        raise ApiError(
            message, code="invalid", details={name: [message] for name in texts}
        )
    if not names:
        message = _("Send at least one of the files: %(names)s.") % {
            "names": ", ".join(CHECKABLE_FILES)
        }
        raise ApiError(message, code="invalid", details={"body": [message]})
    files = {}
    for name in names:
        sent = request.FILES.getlist(name)
        if len(sent) > 1:
            message = _("Send %(name)s once.") % {"name": name}
            raise ApiError(message, code="invalid", details={name: [message]})
        if sent[0].size > MAX_FILE_BYTES:
            message = _("%(name)s is larger than %(max)s bytes.") % {
                "name": name,
                "max": f"{MAX_FILE_BYTES:,}",
            }
            raise ApiError(
                message,
                code="too_large",
                details={name: [message]},
                status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        files[name] = sent[0].read()
    return files


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("List of random-inspection results"),
        description=gettext_lazy(
            "Every published result (抽查检查结果), corrected ones with their "
            "history; withdrawn and draft results are not public. Each says its "
            "category in Chinese and English, whether it reports a problem, its "
            "publication deadline and whether it went online on time. The same "
            "filters as the results page."
        ),
        parameters=[
            _fields_parameter(ResultSerializer, INSPECTION_RESULTS),
            _format_parameter(INSPECTION_RESULTS),
        ],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("One random-inspection result, by id"),
        description=gettext_lazy(
            "A published result; a withdrawn, draft or unknown one answers 404."
        ),
        parameters=[
            OpenApiParameter(
                "id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description=gettext_lazy("The result's id."),
            ),
            _fields_parameter(ResultSerializer),
        ],
    ),
)
class ResultViewSet(_Narrowed):
    """Public random-inspection results."""

    filterset_class = ResultFilterSet
    serializer_class = ResultSerializer
    download_dataset = INSPECTION_RESULTS

    def get_queryset(self):
        return selectors.public_results()

    def _rows(self, queryset, pks):
        return reads.results_in_order(queryset, pks)
