"""The site's own middleware: the visitor's language, and unreadable characters."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponseRedirect
from django.urls import get_resolver, get_urlconf
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    get_language_from_path,
    get_supported_language_variant,
)
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

_DEFAULT = settings.LANGUAGE_CODE


def _preferred_language(request) -> str | None:
    """Return the visitor's language: their explicit choice, else their browser's."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return get_supported_language_variant(chosen)
        except LookupError:
            return None
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            return None
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class BrowserLanguageMiddleware:
    """Send a visitor who prefers English from a Chinese page to its English twin.

    Chinese pages live at the root and English ones under /en/. Only safe
    requests to public pages are redirected; a visitor who picked Chinese in the
    language switcher (the language cookie) stays put.
    """

    _SKIP = ("/admin/", "/health/", "/i18n/", "/static/", "/media/", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        response = redirect or self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _redirect(self, request):
        path = request.path_info
        if (
            request.method not in ("GET", "HEAD")
            or path.startswith(self._SKIP)
            or path == "/robots.txt"
            or path.startswith("/sitemap")
            or get_language_from_path(path)
        ):
            return None
        language = _preferred_language(request)
        if language is None or language == _DEFAULT:
            return None
        query = request.META.get("QUERY_STRING", "")
        target = f"/{language}{path}" + (f"?{query}" if query else "")
        return HttpResponseRedirect(target)


# C0 control characters but tab, line feed and carriage return: no field takes
# them, PostgreSQL refuses NUL in text, and XML 1.0 (feeds, XLSX) refuses all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ControlCharacterError(BadRequest):
    """A request whose address, parameter or form field holds a control character."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            _(
                "“%(name)s” holds a control character (such as NUL) that no field "
                "accepts; remove it and try again."
            )
            % {"name": name}
        )


def _first_bad_name(request) -> str | None:
    """Return the name of the first part of the request with a control character."""
    if CONTROL_CHARACTERS.search(request.path_info):
        return _("address")
    parts = [request.GET]
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        parts.append(request.POST)
    for part in parts:
        for name, values in part.lists():
            if CONTROL_CHARACTERS.search(name):
                return CONTROL_CHARACTERS.sub("?", name)
            if any(CONTROL_CHARACTERS.search(value) for value in values):
                return name
    if parts[1:]:
        for name, files in request.FILES.lists():
            if any(CONTROL_CHARACTERS.search(file.name or "") for file in files):
                return name
    return None


class ControlCharacterMiddleware:
    """Answer 400 to control characters in the address, parameters or form fields.

    One rule for every page and endpoint, before any reaches a form, a filter or
    the database; the API's JSON bodies get the same rule from its parser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _first_bad_name(request)
        if name is None:
            return self.get_response(request)
        # Answered here rather than raised: a refusal, not an error to trace.
        # By the project's handler400 (portal/urls.py), which knows the
        # site's pages and the API's error shape that this layer does not.
        handler = get_resolver(get_urlconf()).resolve_error_handler(400)
        return handler(request, ControlCharacterError(name))
