from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Give every page the URLs of itself in the other languages (the switcher)
    and the rules it quotes, which are settings rather than typed numbers."""
    current = get_language()
    path = request.get_full_path()
    return {
        "alternate_urls": {
            code: translate_url(path, code)
            for code in ("zh-hans", "en")
            if code != current
        },
        "publication_deadline_working_days": (
            settings.PUBLICATION_DEADLINE_WORKING_DAYS
        ),
    }
