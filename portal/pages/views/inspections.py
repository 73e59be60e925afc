"""Public pages of random inspections (双随机、一公开): plans, files, checks, results.

Every draw shown here can be checked by anyone: the plan page lists the
published files with their SHA-256, serves their exact bytes, and the check
page re-runs verify_draw.py on them (or on a reader's own copies).
"""

import base64
import io
import json
import pathlib
import re
import zipfile

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from portal.core.listing import CollectionView
from portal.inspections import checks, selectors, verify_draw
from portal.inspections.choices import FileName, PlanState
from portal.inspections.filtersets import PlanFilterSet, ResultFilterSet
from portal.inspections.models import FrozenFile
from portal.pages.inspection_uploads import CheckUploadForm
from portal.pages.integrity import with_corrections
from portal.registry.models import Region

# What each published file holds, in the order a reader needs them.
FILE_ORDER = (
    FileName.PLAN,
    FileName.ENTITIES,
    FileName.INSPECTORS,
    FileName.CONFLICTS,
    FileName.SIZES,
    FileName.DRAW,
    FileName.DRAWN,
    FileName.TEAMS,
)
_CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
# Characters no file system takes in a name, and spaces, become "-".
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')
SCRIPT = pathlib.Path(verify_draw.__file__)


class PlanListView(CollectionView):
    filterset_class = PlanFilterSet
    template_name = "inspections/plan_list.html"

    def get_queryset(self):
        return selectors.public_plans().prefetch_related("partners")


class ResultListView(CollectionView):
    filterset_class = ResultFilterSet
    template_name = "inspections/result_list.html"

    def get_queryset(self):
        return selectors.public_results().order_by("-published_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deadline_days"] = settings.INSPECTION_RESULT_DEADLINE_WORKING_DAYS
        return context


def _public_plan(pk: int):
    return get_object_or_404(
        selectors.public_plans().prefetch_related("partners"), pk=pk
    )


def _csv_rows(files, name: str) -> list[tuple[str, ...]]:
    """Return a stored file's rows, or none if it is absent (or not canonical)."""
    if name not in files:
        return []
    try:
        return verify_draw.parse_csv(name, bytes(files[name].content))
    except verify_draw.Mismatch:
        return []


def _plan_json(files) -> dict:
    if FileName.PLAN not in files:
        return {}
    try:
        value = json.loads(bytes(files[FileName.PLAN].content).decode("utf-8"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _strata(plan, files) -> list[dict]:
    """Return each stratum: its label and region, pool, sample size and draw."""
    pool: dict[str, int] = {}
    for stratum, _code in _csv_rows(files, FileName.ENTITIES):
        pool[stratum] = pool.get(stratum, 0) + 1
    drawn: dict[str, int] = {}
    for stratum, _code, _rank in _csv_rows(files, FileName.DRAWN):
        drawn[stratum] = drawn.get(stratum, 0) + 1
    sizes = dict(plan.strata.values_list("label", "size"))
    labels = sorted(set(pool) | set(sizes))
    regions = dict(Region.objects.filter(code__in=labels).values_list("code", "name"))
    return [
        {
            "label": label,
            "region": regions.get(label, ""),
            "pool": pool.get(label, 0),
            "size": sizes.get(label, 0),
            "drawn": drawn.get(label, 0),
        }
        for label in labels
    ]


def _units(plan) -> dict[str, str]:
    """Return the authorities' names by the unit code inspectors.csv uses."""
    authorities = [plan.authority, *plan.partners.all()]
    return {f"a{authority.pk}": authority.name for authority in authorities}


def _drawn_entities(plan, units) -> list:
    """Return the drawn entities in drawn.csv order, each with its team's codes.

    The team is read as codes and units only: an inspector's name is for
    officials and never leaves the database on a public page.
    """
    rows = list(plan.drawn.select_related("entity").order_by("position"))
    teams: dict[int, list[dict]] = {row.pk: [] for row in rows}
    members = selectors.team_of(plan=plan).values_list(
        "drawn_id", "inspector__code", "inspector__authority_id"
    )
    for drawn_id, code, authority_id in members:
        teams[drawn_id].append(
            {"code": code, "unit": units.get(f"a{authority_id}", "")}
        )
    for row in rows:
        row.members = teams[row.pk]
    return rows


def plan_detail(request, pk):
    plan = _public_plan(pk)
    files = selectors.published_files(plan=plan)
    units = _units(plan)
    plan_file = _plan_json(files)
    recusals = plan_file.get("recusals") or {}
    inspectors = _csv_rows(files, FileName.INSPECTORS)
    results = with_corrections(
        selectors.public_results()
        .filter(drawn__plan=plan)
        .order_by("drawn__position", "item__order", "item__pk")
    )
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "partners": list(plan.partners.all()),
            "items": list(plan.items.select_related("authority")),
            "strata": _strata(plan, files),
            "files": [files[name] for name in FILE_ORDER if name in files],
            "drawn_state": plan.state in (PlanState.DRAWN, PlanState.CLOSED),
            "recusals": {
                "declared": recusals.get("declared"),
                "own_unit_cases": recusals.get("own_unit_cases"),
            },
            "inspector_count": len(inspectors),
            "unit_count": len({unit for _code, unit in inspectors}),
            "conflict_count": len(_csv_rows(files, FileName.CONFLICTS)),
            "drawn": _drawn_entities(plan, units),
            "results": results,
        },
    )


def download_name(plan, name: str) -> str:
    """Return a file's download name: the plan number, then the file's own name."""
    number = _UNSAFE_IN_NAMES.sub("-", plan.number).strip("-.") or f"plan-{plan.pk}"
    return f"{number}_{name}"


def _etag(digest: str) -> str:
    return f'"{digest}"'


@require_safe
def plan_file(request, pk, name):
    if name not in FileName.values:
        raise Http404
    plan = _public_plan(pk)
    file = FrozenFile.objects.filter(plan=plan, name=name).first()
    if file is None:
        raise Http404
    etag = _etag(file.sha256)
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(
            bytes(file.content),
            content_type=_CONTENT_TYPES[pathlib.PurePath(name).suffix],
        )
        response["Content-Disposition"] = content_disposition_header(
            True, download_name(plan, name)
        )
    response["ETag"] = etag
    # RFC 9530: the digest of the bytes, so a client can check what it got.
    response["Repr-Digest"] = (
        f"sha-256=:{base64.b64encode(bytes.fromhex(file.sha256)).decode()}:"
    )
    # A published file never changes (FrozenFile refuses to be saved twice).
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def plan_archive(request, pk):
    """Return every published file and verify_draw.py in one ZIP.

    Inside, the files keep their exact names in one folder, which is what
    `python3 verify_draw.py DIR` reads.
    """
    plan = _public_plan(pk)
    files = selectors.published_files(plan=plan)
    folder = f"inspection-plan-{plan.pk}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in FILE_ORDER:
            if name in files:
                _add(archive, f"{folder}/{name}", bytes(files[name].content))
        _add(archive, f"{folder}/verify_draw.py", SCRIPT.read_bytes())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        True, download_name(plan, f"{folder}.zip")
    )
    return response


def _add(archive, path: str, content: bytes) -> None:
    # A fixed date, so the same files always make the same archive.
    info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content)


@require_http_methods(["GET", "HEAD", "POST"])
def plan_check(request, pk):
    """Re-run the draw's checks on the stored files, or on the reader's copies."""
    plan = _public_plan(pk)
    status = 200
    if request.method == "POST":
        form = CheckUploadForm(request.POST, request.FILES, plan=plan)
        if form.is_valid():
            report = checks.check_plan(plan, form.cleaned_data["copies"])
        else:
            report, status = None, 400
    else:
        form = CheckUploadForm(plan=plan)
        report = checks.check_plan(plan)
    return render(
        request,
        "inspections/plan_check.html",
        {
            "plan": plan,
            "form": form,
            "report": report,
            "drawn_state": plan.state in (PlanState.DRAWN, PlanState.CLOSED),
        },
        status=status,
    )


@require_safe
def verify_script(request):
    response = HttpResponse(
        SCRIPT.read_bytes(), content_type="text/x-python; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, "verify_draw.py")
    return response
