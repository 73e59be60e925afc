"""Limits per client address on public forms (appeals, API keys), in Django's cache.

A fixed window of one hour per address and action. With several app servers
the cache must be shared (Redis, `CACHE_URL`), or each counts alone. Behind a
reverse proxy (`DJANGO_BEHIND_PROXY`), the address is the last one the proxy
added to X-Forwarded-For, since the connection itself comes from the proxy.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

_WINDOW = 3600


def client_address(request) -> str:
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def _key(action: str, address: str, window: int) -> str:
    # The address is hashed: the cache needs no readable client addresses.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"rate:{action}:{digest}:{window}"


def hit(request, action: str, *, limit: int) -> Verdict:
    """Count one attempt of the action from the request's address."""
    if limit <= 0:
        return Verdict(True, 0)
    now = int(time.time())
    window = now // _WINDOW
    key = _key(action, client_address(request), window)
    cache.add(key, 0, timeout=_WINDOW + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_WINDOW + 60)
        count = 1
    return Verdict(count <= limit, (window + 1) * _WINDOW - now)


def refusal(request, action: str, *, limit: int) -> str | None:
    """Count one attempt; return what to tell the user if it is one too many."""
    verdict = hit(request, action, limit=limit)
    if verdict.allowed:
        return None
    minutes = max(1, round(verdict.retry_after / 60))
    return _(
        "Too many attempts from your network address. Please try again in "
        "%(minutes)d minutes."
    ) % {"minutes": minutes}
