"""What every API answer shares: the caller's language and rate-limit standing."""

from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


class ApiMiddleware:
    """Speak the caller's language (Accept-Language) and add X-RateLimit-* headers.

    The pages take their language from the address (Chinese at the root,
    English under /en/); API addresses have no language in them, so an API
    caller chooses with Accept-Language, Chinese being the default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.setdefault("Content-Language", request.LANGUAGE_CODE)
        limit = getattr(request, "rate_limit", None)
        if limit is not None:
            response["X-RateLimit-Limit"] = str(limit.limit)
            response["X-RateLimit-Remaining"] = str(limit.remaining)
            response["X-RateLimit-Reset"] = str(limit.reset)
        return response
