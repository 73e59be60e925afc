from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Give every page the URL of itself in the other languages, for the switcher."""
    current = get_language()
    path = request.get_full_path()
    return {
        "alternate_urls": {
            code: translate_url(path, code)
            for code in ("zh-hans", "en")
            if code != current
        },
    }
