"""Choose the language of an unprefixed (Chinese) URL from the visitor's browser."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import (
    get_language_from_path,
    get_supported_language_variant,
)
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
