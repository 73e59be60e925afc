"""Open-data pages: catalogue, manifest, files, data dictionary, schemas, licence."""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import etag

from portal.opendata import selectors
from portal.opendata.datasets import DATASETS, SCHEMA_VERSION
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


def dictionary(request):
    return render(
        request,
        "opendata/dictionary.html",
        {"datasets": DATASETS.values(), "schema_version": SCHEMA_VERSION},
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
