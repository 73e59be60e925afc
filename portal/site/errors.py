"""The site's error answers: pages in the visitor's language, the API's error shape.

Set as Django's handler400, handler404 and handler500 (portal/urls.py), so an
error raised before a view or outside one (an address with no route, a
malformed request body, a control character) is answered like any other:
an HTML page on the site, `{"error": {...}}` under /api/.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from portal.api.exceptions import error_response
from portal.core.middleware import ControlCharacterError

_API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path_info.startswith(_API_PREFIX)


def bad_request(request, exception):
    """Say what is wrong with the request, when it is known."""
    reason = str(exception) if isinstance(exception, ControlCharacterError) else ""
    if _is_api(request):
        details = {exception.name: [reason]} if reason else {}
        message = reason or _("The request cannot be read: check its body and form.")
        return error_response(400, code="bad_request", message=message, details=details)
    return render(request, "400.html", {"reason": reason}, status=400)


def page_not_found(request, exception):
    if _is_api(request):
        return error_response(
            404, code="not_found", message=_("Nothing is published at this address.")
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return error_response(
            500,
            code="server_error",
            message=_(
                "The server could not answer. The error has been logged; please "
                "try again later."
            ),
        )
    return defaults.server_error(request)
