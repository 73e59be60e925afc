"""One error shape for the whole API.

Every error answers `{"error": {"status", "code", "message", "details"}}`:
`message` is a sentence in the caller's language, `details` maps a parameter
or field to what is wrong with it.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status


class ApiError(exceptions.APIException):
    """An error the API raises itself, with a code, a message and details."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, *, code: str, details=None, status_code=None):
        super().__init__(detail=message, code=code)
        self.error_code = code
        self.details = details or {}
        if status_code is not None:
            self.status_code = status_code


def error_body(status_code: int, *, code: str, message: str, details=None) -> dict:
    """Return the one error shape."""
    return {
        "error": {
            "status": status_code,
            "code": code,
            "message": message,
            "details": details or {},
        }
    }


def error_response(status_code: int, *, code: str, message: str, details=None):
    """Answer an error in the one shape outside DRF (Django's error handlers)."""
    return JsonResponse(
        error_body(status_code, code=code, message=message, details=details),
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )


def _flatten(detail):
    """Turn DRF's nested ErrorDetails into plain strings and lists."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(value) for value in detail]
    return str(detail)


def _throttled_message(exc, request) -> str:
    limit = getattr(getattr(request, "_request", request), "rate_limit", None)
    wait = int(exc.wait or 0) + (1 if exc.wait and exc.wait % 1 else 0)
    retry = ngettext(
        "Try again in %(wait)d second.", "Try again in %(wait)d seconds.", wait
    ) % {"wait": wait}
    if limit is None:
        return _("Too many requests.") + " " + retry
    if limit.authenticated:
        what = _("Too many requests: a token allows %(limit)d requests per %(period)s.")
    else:
        what = _(
            "Too many requests: callers without a token may make %(limit)d requests "
            "per %(period)s. An API token gives a higher limit, free: %(url)s"
        )
    where = request.build_absolute_uri(reverse("opendata:api-key"))
    return (
        what % {"limit": limit.limit, "period": limit.period, "url": where}
        + " "
        + retry
    )


def exception_handler(exc, context):
    """Answer every API error in the one error shape."""
    # Imported here: rest_framework.views reads the parser setting, whose
    # parser (portal.api.parsers) raises this module's ApiError.
    from rest_framework.views import exception_handler as drf_exception_handler

    # As DRF's own handler does: Django's 404 and 403 become the API's.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    details = {}
    if isinstance(exc, ApiError):
        code, message, details = exc.error_code, str(exc.detail), exc.details
    elif isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        flat = _flatten(exc.detail)
        details = flat if isinstance(flat, dict) else {"non_field_errors": flat}
        names = ", ".join(details)
        message = _("Some parameters are not valid: %(names)s.") % {"names": names}
    elif isinstance(exc, exceptions.Throttled):
        code, message = "throttled", _throttled_message(exc, request)
    elif isinstance(exc, exceptions.NotFound):
        code, message = "not_found", _("Nothing is published at this address.")
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        message = str(exc.detail)
    response.data = error_body(
        response.status_code, code=code, message=message, details=details
    )
    return response
