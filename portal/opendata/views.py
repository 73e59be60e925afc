"""Open-data pages: catalogue, manifest, files, data dictionary, schemas, licence,
and asking for an API key."""

import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import etag, require_http_methods

from portal.core import busy, ratelimit
from portal.core.ratelimit import describe
from portal.opendata import apikeys, selectors
from portal.opendata.city_datasets import CITY_DATASETS
from portal.opendata.columns import MONEY_UNIT
from portal.opendata.datasets import DATASETS, SCHEMA_VERSION
from portal.opendata.formats import CSV_TEXT_RULE
from portal.opendata.forms import ApiKeyRequestForm
from portal.opendata.schemas import table_schema
from portal.opendata.services import storage_path


def catalogue(request):
    return render(request, "opendata/catalogue.html", selectors.catalogue())


def manifest(request):
    build = selectors.latest_build()
    return JsonResponse(
        {
            "schema_version": SCHEMA_VERSION,
            "built_at": build.started_at.isoformat() if build else None,
            "build": build.pk if build else None,
            "licence": request.build_absolute_uri(_reverse("opendata:licence")),
            "datasets": [
                {
                    "name": name,
                    "title": str(dataset.title),
                    "schema": request.build_absolute_uri(
                        _reverse("opendata:schema", dataset=name)
                    ),
                }
                for name, dataset in DATASETS.items()
            ],
            "files": selectors.manifest_rows(
                build, absolute=request.build_absolute_uri
            ),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def _reverse(name, **kwargs):
    return reverse(name, kwargs=kwargs or None)


def _file_etag(request, name):
    return (
        selectors.public_files()
        .filter(name=name)
        .values_list("sha256", flat=True)
        .first()
    )


@etag(_file_etag)
def download_file(request, name):
    export = get_object_or_404(selectors.public_files(), name=name)
    try:
        handle = default_storage.open(storage_path(export.name), "rb")
    except FileNotFoundError:
        raise Http404(name) from None
    content_type = "application/gzip"
    if not export.name.endswith(".gz"):
        content_type = (
            mimetypes.guess_type(export.name)[0] or "application/octet-stream"
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.name.replace("/", "-"),
        content_type=content_type,
    )
    response["Content-Length"] = str(export.bytes)
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response


# The API collections of the cities' datasets, which have no bulk files.
_CITY_COLLECTIONS = {
    "batches": "api:batch-list",
    "designations": "api:designation-list",
    "city-statistics": "api:city-statistic-list",
    "authority-statistics": "api:authority-statistic-list",
    "averages": "api:average-list",
}


def _dictionary_groups() -> list[dict]:
    schema = _("Table Schema (JSON)")
    return [
        {
            "id": "records-and-registers",
            "title": _("Records, lists and registers"),
            "intro": _(
                "In the bulk files, in the downloads of the list pages and in the API."
            ),
            "datasets": [
                {
                    "dataset": dataset,
                    "link": _reverse("opendata:schema", dataset=name),
                    "link_text": schema,
                }
                for name, dataset in DATASETS.items()
            ],
        },
        {
            "id": "cities-and-statistics",
            "title": _("Demonstration cities and statistics (API only)"),
            "intro": _(
                "Served by the API only, filtered as the cities page is: JSON "
                "pages, or files with ?format=csv, jsonl or xlsx. Not among the "
                "bulk files. Shares are fractions (0.9 is 90%); beside each "
                "share or median of a city or an authority is the n it is "
                "computed from, and beside each average the members it is over."
            ),
            "datasets": [
                {
                    "dataset": dataset,
                    "link": path,
                    "link_text": _("In the API: %(path)s") % {"path": path},
                }
                for dataset in CITY_DATASETS
                for path in [reverse(_CITY_COLLECTIONS[dataset.name])]
            ],
        },
    ]


def dictionary(request):
    return render(
        request,
        "opendata/dictionary.html",
        {
            "groups": _dictionary_groups(),
            "schema_version": SCHEMA_VERSION,
            "csv_text_rule": CSV_TEXT_RULE,
            "money_unit": MONEY_UNIT,
        },
    )


def schema(request, dataset):
    if dataset not in DATASETS:
        raise Http404(dataset)
    return JsonResponse(
        table_schema(DATASETS[dataset]),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def licence(request):
    return render(request, "opendata/licence.html")


def _key_page(request, form, *, status=200, problem=""):
    return render(
        request,
        "opendata/api_key.html",
        {
            "form": form,
            "problem": problem,
            "sent": request.GET.get("sent") == "1" and not form.is_bound,
            "anon_rate": describe(settings.API_THROTTLE_ANON),
            "token_rate": describe(settings.API_THROTTLE_TOKEN),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def api_key(request):
    """Ask for a key: the link to it is emailed to the address given."""
    if request.method == "GET":
        return _key_page(request, ApiKeyRequestForm())
    form = ApiKeyRequestForm(request.POST)
    problem = ratelimit.refusal(
        request, "api-key", limit=settings.API_KEY_REQUESTS_PER_HOUR
    )
    if problem:
        return _key_page(request, form, status=429, problem=problem)
    if not form.is_valid():
        return _key_page(request, form, status=400)
    if form.is_trapped:
        return _key_page(
            request,
            form,
            status=400,
            problem=_("Please leave the last field empty and send the form again."),
        )
    try:
        apikeys.send_link(form.cleaned_data["email"], request.build_absolute_uri("/"))
    except apikeys.MailFailed:
        problem = _("The email could not be sent just now. Please try again later.")
        return _key_page(request, form, status=503, problem=problem)
    return redirect(f"{reverse('opendata:api-key')}?sent=1")


# What the link's page shows once, after the action it redirects from.
_NEW_KEY = "opendata_new_api_key"
_REVOKED = "opendata_api_key_revoked"


@never_cache
@require_http_methods(["GET", "POST"])
def api_key_link(request, signed):
    """The emailed link: see whether there is a key, issue a new one, revoke it."""
    try:
        email = apikeys.email_from(signed)
    except apikeys.LinkInvalid as error:
        return render(
            request, "opendata/api_key_link.html", {"error": error.message}, status=400
        )
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "issue":
                key = busy.patiently(apikeys.issue_key, email)
                request.session[_NEW_KEY] = key.key
            elif action == "revoke":
                request.session[_REVOKED] = busy.patiently(apikeys.revoke_key, email)
            else:
                return render(
                    request,
                    "opendata/api_key_link.html",
                    {"error": _("Unknown action.")},
                    status=400,
                )
        except busy.DatabaseBusy:
            problem = busy.message(typed=False)
        else:
            return redirect(request.path)
    response = render(
        request,
        "opendata/api_key_link.html",
        {
            "problem": problem,
            "email": email,
            "key": apikeys.current_key(email),
            "new_key": request.session.pop(_NEW_KEY, None),
            "revoked": request.session.pop(_REVOKED, None),
            "token_rate": describe(settings.API_THROTTLE_TOKEN),
        },
    )
    return busy.refuse(response) if problem else response
