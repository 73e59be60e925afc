"""What the OpenAPI schema says beyond each view's own description.

`AutoSchema` adds to every operation the answers the API's shared plumbing
gives: the one error shape for 400, 401, 403, 404, 410, 413, 415 and 429
where each can happen, the X-RateLimit-* headers on every answer and
Retry-After on a 429, and the download formats of a collection's `?format=`.
It also puts every operation in a named group (a tag), and says a
collection's summary, description and `fields` in the caller's language.

Two audiences read two schemas: the public (`PUBLIC`, /api/schema/) and the
officials, whose write endpoints are theirs alone (`OFFICIALS`,
/api/schema/officials/). Each is generated per request, in the language the
request asks for (`?lang=`, else Accept-Language).

`row_serializer` describes a dataset's rows as a serializer. Rows are written
by the dataset's columns (portal.opendata), never by this serializer; it only
tells drf-spectacular the name, type, enumeration and description of every
field, from the same column definitions.
"""

import functools
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from rest_framework import permissions, serializers

from portal.opendata import downloads
from portal.opendata.city_datasets import (
    AUTHORITY_STATISTICS,
    AVERAGES,
    BATCHES,
    CITY_STATISTICS,
    DESIGNATIONS,
)
from portal.opendata.datasets import (
    DATASETS,
    INSPECTION_PLANS,
    INSPECTION_RESULTS,
    Dataset,
)

_RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": _("Requests allowed in the current window."),
    "X-RateLimit-Remaining": _("Requests left in the current window."),
    "X-RateLimit-Reset": _("Seconds until the full limit is available again."),
}
_ERRORS = {
    "400": _("A parameter is unknown or malformed, or the body is not valid."),
    "401": _("The token given is not valid, or this endpoint needs one."),
    "403": _("The token's owner may not use this endpoint."),
    "404": _("Nothing is published at this address."),
    "410": _(
        "The record was withdrawn, or its publicity period has ended: only "
        "the fact of its removal stays public."
    ),
    "413": _("The body is larger than this endpoint accepts."),
    "415": _("The body is not JSON (send Content-Type: application/json)."),
    "429": _("Too many requests: wait for Retry-After seconds."),
}
_FORMAT = _(
    "Download the whole selection instead of a page: csv (UTF-8 with BOM), "
    "jsonl (JSON Lines) or xlsx (capped; see the bulk files at /open-data/). "
    "Files give whole page addresses (https://…)."
)


# Groups ---------------------------------------------------------------------

_OFFICIALS_PREFIX = "/api/v1/publishing/"


@dataclass(frozen=True)
class Group:
    """A named group of operations (an OpenAPI tag) in the docs."""

    key: str  # what the views tag their operations with
    name: str
    description: str

    def as_tag(self) -> dict:
        return {"name": self.name, "description": self.description}


def _dataset_group(dataset: Dataset) -> Group:
    return Group(dataset.name, dataset.title, dataset.description)


# Datasets whose rows the API serves within another group: random inspections
# answer nested JSON (items, files, history) and download these rows.
_GROUPED_APART = (INSPECTION_PLANS, INSPECTION_RESULTS)

PUBLIC_GROUPS = (
    *(
        _dataset_group(dataset)
        for dataset in DATASETS.values()
        if dataset not in _GROUPED_APART
    ),
    Group(
        "search",
        _("Search"),
        _("Full-text search over entities, permits, penalties and list entries."),
    ),
    Group(
        "credit-check",
        _("Credit check"),
        _(
            "Up to 1,000 codes at once: the entities they name, their current "
            "list memberships and the measures that apply."
        ),
    ),
    Group(
        "inspections",
        _("Random inspections"),
        _(
            "Double random, one public (双随机、一公开): published inspection plans "
            "with their frozen pools, commitment and draw, the files to check a "
            "draw with, a check anyone can re-run (with their own copies of the "
            "files too), and the published results with their deadlines."
        ),
    ),
    *(
        _dataset_group(dataset)
        for dataset in (
            BATCHES,
            DESIGNATIONS,
            CITY_STATISTICS,
            AUTHORITY_STATISTICS,
            AVERAGES,
        )
    ),
)
OFFICIALS_GROUPS = (
    Group(
        "publishing/permits",
        _("Officials: permits"),
        _(
            "An authority's own permit records, with an official's token: list "
            "them, push new and corrected ones, withdraw one."
        ),
    ),
    Group(
        "publishing/penalties",
        _("Officials: penalties"),
        _(
            "An authority's own penalty records, with an official's token: list "
            "them, push new and corrected ones, withdraw one."
        ),
    ),
)
_GROUPS = {group.key: group for group in (*PUBLIC_GROUPS, *OFFICIALS_GROUPS)}


def _group_key(path: str, tags: list) -> str:
    if path.startswith(_OFFICIALS_PREFIX):
        return "/".join(path.removeprefix("/api/v1/").split("/")[:2])
    return tags[0] if tags else ""


def _is_officials(callback) -> bool:
    return callback.cls.__module__.startswith("portal.api.publishing")


def public_endpoints(endpoints):
    """Keep the endpoints anyone may call (a drf-spectacular preprocessing hook)."""
    return [endpoint for endpoint in endpoints if not _is_officials(endpoint[3])]


def officials_endpoints(endpoints):
    """Keep the officials' endpoints (a drf-spectacular preprocessing hook)."""
    return [endpoint for endpoint in endpoints if _is_officials(endpoint[3])]


# drf-spectacular settings of each schema, patched in for its views (api.urls).
PUBLIC = {
    "TITLE": _("Credit disclosure portal API"),
    "DESCRIPTION": _(
        "Read-only access to entities, permits, penalties, red and black lists, "
        "measures, authorities, regions, demonstration cities and statistics, "
        "with the same filters as the pages; search; and a batch credit check. "
        "Amounts are in 万元 (10,000 CNY) everywhere. The officials' API has "
        "documentation of its own."
    ),
    "TAGS": [group.as_tag() for group in PUBLIC_GROUPS],
    "PREPROCESSING_HOOKS": ["portal.api.schema.public_endpoints"],
}
OFFICIALS = {
    "TITLE": _("Credit disclosure portal API for officials"),
    "DESCRIPTION": _(
        "For an authority's own systems: list, push and withdraw its permit and "
        "penalty records with an official's token (Authorization: Token …), "
        "issued in the officials' area."
    ),
    "TAGS": [group.as_tag() for group in OFFICIALS_GROUPS],
    "PREPROCESSING_HOOKS": ["portal.api.schema.officials_endpoints"],
}


# Collections ------------------------------------------------------------------


def _lowered(title) -> str:
    text = str(title)
    # An English title starts a sentence's object: "List of administrative …".
    if get_language() == "en" and text[:1].isupper() and not text[1:2].isupper():
        return text[:1].lower() + text[1:]
    return text


def _list_summary(dataset: Dataset) -> str:
    return gettext("List of %(title)s") % {"title": _lowered(dataset.title)}


def _row_summary(dataset: Dataset, lookup: str) -> str:
    return gettext("One row of %(title)s, by %(lookup)s") % {
        "title": _lowered(dataset.title),
        "lookup": lookup,
    }


def _fields_description(dataset: Dataset) -> str:
    return gettext("Comma-separated fields to return, of: %(names)s.") % {
        "names": ", ".join(dataset.column_names)
    }


def _describe_collection(operation: dict, view, path: str) -> None:
    """Say a collection's summary, description and parameters in the language."""
    dataset = view.dataset
    action = getattr(view, "action", None)
    if operation.get("summary") == f"List {dataset.name}":
        operation["summary"] = lazy(_list_summary, str)(dataset)
        operation["description"] = dataset.description
    elif action == "retrieve":
        lookup = path.rstrip("/").rsplit("{", 1)[-1].rstrip("}")
        operation["summary"] = lazy(_row_summary, str)(dataset, lookup)
        operation["description"] = dataset.title
    for parameter in operation.get("parameters", ()):
        if parameter["in"] != "query":
            continue
        if parameter["name"] == "fields":
            parameter["description"] = lazy(_fields_description, str)(dataset)
        elif parameter["name"] == "format":
            parameter["description"] = _FORMAT


# The schema of every operation ------------------------------------------------


class _ErrorDetail(serializers.Serializer):
    status = serializers.IntegerField(help_text=_("The HTTP status."))
    code = serializers.CharField(help_text=_("A stable, machine-readable code."))
    message = serializers.CharField(help_text=_("A sentence in the caller's language."))
    details = serializers.DictField(
        child=serializers.JSONField(),
        help_text=_("What is wrong with each parameter or field, by its name."),
    )


class Error(serializers.Serializer):
    """The one error shape of the API."""

    error = _ErrorDetail()


def _integer_header(description, *, required: bool = False) -> dict:
    return {
        "description": description,
        "required": required,
        "schema": {"type": "integer", "minimum": 0},
    }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with the answers every endpoint shares."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        for parameter in operation.get("parameters", ()):
            if parameter["in"] == "query" and not parameter.get("required"):
                # As on the pages, whose forms send every field: empty means any.
                parameter["allowEmptyValue"] = True
        group = _GROUPS.get(_group_key(path, operation.get("tags", [])))
        if group is not None:
            operation["tags"] = [group.name]
        if hasattr(self.view, "dataset"):
            _describe_collection(operation, self.view, path)
        responses = operation["responses"]
        error = self.resolve_serializer(Error, "response").ref
        for status in self._error_statuses(path, method):
            responses.setdefault(
                status,
                {
                    "description": _ERRORS[status],
                    "content": {"application/json": {"schema": error}},
                },
            )
        for status, response in responses.items():
            headers = response.setdefault("headers", {})
            for name, description in _RATE_LIMIT_HEADERS.items():
                headers.setdefault(name, _integer_header(description))
            if status == "429":
                headers["Retry-After"] = _integer_header(
                    _("Seconds to wait before asking again."), required=True
                )
        if self._downloads():
            content = responses["200"]["content"]
            for media_type in downloads.FORMATS.values():
                content.setdefault(
                    media_type.split(";")[0],
                    {"schema": {"type": "string", "format": "binary"}},
                )
        return operation

    def _error_statuses(self, path: str, method: str) -> list[str]:
        statuses = ["400", "401"]
        if any(
            not issubclass(permission, permissions.AllowAny)
            for permission in self.view.permission_classes
        ):
            statuses.append("403")
        if "{" in path:
            statuses.append("404")
        if self._may_be_gone():
            statuses.append("410")
        if method.upper() in ("POST", "PUT", "PATCH"):
            statuses += ["413", "415"]
        return [*statuses, "429"]

    def _may_be_gone(self) -> bool:
        """Tell whether a row may have been removed (permits and penalties)."""
        # Imported here: portal.api.views imports this module.
        from portal.api.views import CollectionViewSet

        view = self.view
        return (
            isinstance(view, CollectionViewSet)
            and getattr(view, "action", None) == "retrieve"
            and type(view).not_found is not CollectionViewSet.not_found
        )

    def _downloads(self) -> bool:
        from portal.api.views import ListCollectionViewSet

        return (
            isinstance(self.view, ListCollectionViewSet)
            and getattr(self.view, "action", None) == "list"
        )


def _field(column):
    # Not required: `?fields=` leaves out the fields not asked for.
    options = {
        "required": False,
        "label": column.title,
        "help_text": column.description or None,
    }
    if not column.required:
        options["allow_null"] = True
    if column.type == "list":
        child = (
            serializers.ChoiceField(choices=list(column.choices))
            if column.choices
            else serializers.CharField()
        )
        return serializers.ListField(child=child, **options)
    if column.choices:
        return serializers.ChoiceField(choices=list(column.choices), **options)
    return {
        "integer": serializers.IntegerField,
        "number": serializers.FloatField,
        "date": serializers.DateField,
        "datetime": serializers.DateTimeField,
        "boolean": serializers.BooleanField,
    }.get(column.type, serializers.CharField)(**options)


@functools.cache
def row_serializer(dataset: Dataset) -> type[serializers.Serializer]:
    """Return a serializer class whose fields describe the dataset's columns."""
    name = "".join(part.capitalize() for part in dataset.name.split("-")) + "Row"
    fields = {column.name: _field(column) for column in dataset.columns}
    return type(name, (serializers.Serializer,), fields)
