"""Rendered figures, cached until the statistics next change.

The statistics change only when they are refreshed, so a fragment is cached
under the state's `updated_at`, the language and the query string: a refresh
makes every older entry unreachable, and they age out of the cache.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_SECONDS = 24 * 60 * 60
# Raised whenever the fragments' templates change, so that a deploy does not
# serve HTML rendered by the previous templates until the next refresh.
_FORMAT = 3


def cached_fragment(
    name: str, *, state, request, render: Callable[[], str], parts=()
) -> SafeString:
    """Return the fragment `name` for this request, rendering it when not cached."""
    if state.updated_at is None:  # never refreshed: nothing worth keeping
        return render()
    query = sorted((key, tuple(values)) for key, values in request.GET.lists())
    digest = hashlib.sha256(
        repr(
            (_FORMAT, state.updated_at.isoformat(), get_language(), parts, query)
        ).encode()
    ).hexdigest()
    key = f"cities:{name}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, _SECONDS)
    return mark_safe(html)  # rendered by the template engine, escaped there
