"""Cursor (keyset) paging: as fast at the millionth row as at the first.

An offset makes the database count past every row before the page; a cursor
carries the sort values of the last row seen, and the next page starts right
after them through the index. The cursor is opaque to callers (base64 of JSON)
and belongs to one ordering: changing `sort` means starting again.
"""

import base64
import binascii
import datetime
import json
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, OrderBy, Q
from django.utils.translation import gettext as _
from rest_framework.pagination import BasePagination

from portal.api.exceptions import ApiError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
# The query parameters paging reads, on every list of the API.
PARAMETERS = ("cursor", "page_size", "count")


def _nullable(model, path: str) -> bool:
    """Tell whether the value at an ORM path can be NULL (a null link counts)."""
    if path == "pk":
        return False
    *relations, name = path.split("__")
    for relation in relations:
        field = model._meta.get_field(relation)
        if field.null:
            return True
        model = field.related_model
    try:
        return model._meta.get_field(name).null
    except FieldDoesNotExist:
        return False


def ordering_keys(queryset) -> list[tuple[str, bool, bool]]:
    """Return the ordering as (path, descending, nullable) with pk last."""
    order = list(queryset.query.order_by) or list(
        queryset.model._meta.ordering if queryset.query.default_ordering else []
    )
    keys = []
    for item in order:
        if isinstance(item, str):
            path, descending = item.lstrip("-"), item.startswith("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            path, descending = item.expression.name, item.descending
        elif isinstance(item, F):
            path, descending = item.name, False
        else:
            raise TypeError(f"Cannot page by the ordering {item!r}.")
        path = "pk" if path in ("pk", queryset.model._meta.pk.name) else path
        keys.append((path, descending, _nullable(queryset.model, path)))
        if path == "pk":
            break
    if not keys or keys[-1][0] != "pk":
        keys.append(("pk", False, False))
    return keys


def order_by_keys(queryset, keys):
    """Order by the keys, NULLs last in both directions on every database."""
    terms = []
    for path, descending, nullable in keys:
        field = F(path)
        if nullable:
            terms.append(
                field.desc(nulls_last=True)
                if descending
                else field.asc(nulls_last=True)
            )
        else:
            terms.append(field.desc() if descending else field.asc())
    return queryset.order_by(*terms)


def _after(keys, values) -> Q:
    """Return the condition for rows strictly after `values` in the key order."""
    after = Q(pk__in=[])
    equal = Q()
    for (path, descending, nullable), value in zip(keys, values, strict=True):
        if value is None:
            # NULLs sort last: after a NULL come only NULLs.
            beyond = Q(pk__in=[])
            same = Q(**{f"{path}__isnull": True})
        else:
            beyond = Q(**{f"{path}__{'lt' if descending else 'gt'}": value})
            if nullable:
                beyond |= Q(**{f"{path}__isnull": True})
            same = Q(**{path: value})
        after |= equal & beyond
        equal &= same
    path, descending, nullable = keys[0]
    if values[0] is not None and not nullable:
        # A plain range on the first key lets the index start at the cursor.
        after &= Q(**{f"{path}__{'lte' if descending else 'gte'}": values[0]})
    return after


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _signature(keys) -> str:
    return ",".join(("-" if descending else "") + path for path, descending, _ in keys)


def encode_cursor(keys, values) -> str:
    payload = {"o": _signature(keys), "v": [_json_value(value) for value in values]}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> ApiError:
    return ApiError(
        _("The cursor is not valid: use the “next” link of a previous page."),
        code="invalid_cursor",
        details={"cursor": [_("Not a cursor this API gave.")]},
    )


def decode_cursor(keys, cursor: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        values = payload["v"]
        signature = payload["o"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise invalid_cursor() from None
    if signature != _signature(keys) or len(values) != len(keys):
        raise ApiError(
            _("This cursor belongs to another sort order; start from the first page."),
            code="invalid_cursor",
            details={
                "cursor": [_("Made for the order %(order)s.") % {"order": signature}]
            },
        )
    return values


def positive_parameter(request, name: str, default, maximum: int):
    """Return a whole-number parameter from 1 to maximum, or raise a 400."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        message = _("Enter a whole number from 1 to %(max)d.") % {"max": maximum}
        raise ApiError(
            _("The parameter %(name)s is not valid.") % {"name": name},
            code="invalid",
            details={name: [message]},
        )
    return int(raw)


def wants_count(request) -> bool:
    raw = request.query_params.get("count", "")
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise ApiError(
        _("The parameter count is not valid."),
        code="invalid",
        details={"count": [_("Give true or false.")]},
    )


class CursorPagination(BasePagination):
    """Page a queryset by its ordering and the primary key; see the module doc."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def check(self, queryset, request) -> None:
        """Raise a 400 for a malformed page_size, count or cursor.

        For a download, which reads none of them: a malformed value is still
        an error, as everywhere in the API.
        """
        positive_parameter(
            request, self.page_size_query_param, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        wants_count(request)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            decode_cursor(ordering_keys(queryset), cursor)

    def paginate(self, queryset, request) -> tuple[list[int], str | None, int | None]:
        """Return the page's primary keys, the next link (or None) and the count."""
        size = positive_parameter(
            request, self.page_size_query_param, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
        )
        count = queryset.count() if wants_count(request) else None
        keys = ordering_keys(queryset)
        ordered = order_by_keys(queryset, keys)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            values = decode_cursor(keys, cursor)
            try:
                ordered = ordered.filter(_after(keys, values))
                rows = list(
                    ordered.values_list("pk", *[k[0] for k in keys])[: size + 1]
                )
            except (ValidationError, ValueError, TypeError):
                raise invalid_cursor() from None
        else:
            rows = list(ordered.values_list("pk", *[k[0] for k in keys])[: size + 1])
        next_link = None
        if len(rows) > size:
            rows = rows[:size]
            params = request.query_params.copy()
            params[self.cursor_query_param] = encode_cursor(keys, rows[-1][1:])
            next_link = request.build_absolute_uri(
                f"{request.path}?{urlencode(list(params.lists()), doseq=True)}"
            )
        return [row[0] for row in rows], next_link, count

    @staticmethod
    def body(results: list, next_link: str | None, count: int | None) -> dict:
        """Return a page as every list answers it: count (if asked), next, results."""
        body = {"next": next_link, "results": results}
        return body if count is None else {"count": count, **body}

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": _("Opaque position from the “next” link of a page."),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _(
                    "Rows per page (default %(default)d, at most %(max)d)."
                )
                % {"default": DEFAULT_PAGE_SIZE, "max": MAX_PAGE_SIZE},
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": "count",
                "required": False,
                "in": "query",
                "description": _("Also return the exact number of matching rows."),
                "schema": {"type": "boolean"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "Only with ?count=true.",
                },
                "next": {"type": "string", "format": "uri", "nullable": True},
                "results": schema,
            },
        }
