"""What the OpenAPI schema says beyond each view's own description.

`AutoSchema` adds to every operation the answers the API's shared plumbing
gives: the one error shape for 400, 401, 403, 404, 410, 413, 415 and 429
where each can happen, the X-RateLimit-* headers on every answer and
Retry-After on a 429, and the download formats of a collection's `?format=`.

`row_serializer` describes a dataset's rows as a serializer. Rows are written
by the dataset's columns (portal.opendata), never by this serializer; it only
tells drf-spectacular the name, type, enumeration and description of every
field, from the same column definitions.
"""

import functools

from drf_spectacular import openapi
from rest_framework import permissions, serializers

from portal.opendata import downloads
from portal.opendata.datasets import Dataset

_RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": "Requests allowed in the current window.",
    "X-RateLimit-Remaining": "Requests left in the current window.",
    "X-RateLimit-Reset": "Seconds until the full limit is available again.",
}
_ERRORS = {
    "400": "A parameter is unknown or malformed, or the body is not valid.",
    "401": "The token given is not valid, or this endpoint needs one.",
    "403": "The token's owner may not use this endpoint.",
    "404": "Nothing is published at this address.",
    "410": "The record was withdrawn, or its publicity period has ended: only "
    "the fact of its removal stays public.",
    "413": "The body is larger than this endpoint accepts.",
    "415": "The body is not JSON (send Content-Type: application/json).",
    "429": "Too many requests: wait for Retry-After seconds.",
}


class _ErrorDetail(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status.")
    code = serializers.CharField(help_text="A stable, machine-readable code.")
    message = serializers.CharField(help_text="A sentence in the caller's language.")
    details = serializers.DictField(
        child=serializers.JSONField(),
        help_text="What is wrong with each parameter or field, by its name.",
    )


class Error(serializers.Serializer):
    """The one error shape of the API."""

    error = _ErrorDetail()


def _integer_header(description: str, *, required: bool = False) -> dict:
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
                    "Seconds to wait before asking again.", required=True
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
