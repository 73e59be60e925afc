"""Rate limits: one for callers without a token, a higher one for token holders.

The limits are `API_THROTTLE_ANON` and `API_THROTTLE_TOKEN` ("60/min"), counted
per client address (portal/core/clients.py) or per user over a fixed window
that starts at the caller's first request, in the state database
(portal/core/counters.py): every worker and app server shares one count, and
concurrent requests each count once. Every answer says where the caller
stands in X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset
(seconds until the window ends and the full limit is back); a refusal is a
429 with Retry-After.
"""

from dataclasses import dataclass

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from portal.core import counters
from portal.core.clients import client_network
from portal.core.ratelimit import PERIODS, parse_rate


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset: int  # seconds
    period: str
    authenticated: bool


class PortalRateThrottle(BaseThrottle):
    """Count each request in the state database; refuse past the caller's limit."""

    def __init__(self):
        self._wait = None

    def allow_request(self, request, view):
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        rate = (
            settings.API_THROTTLE_TOKEN if authenticated else settings.API_THROTTLE_ANON
        )
        limit, period = parse_rate(rate)
        client = f"user:{user.pk}" if authenticated else client_network(request)
        count = counters.hit(action="api", client=client, period=period)
        allowed = count.hits <= limit
        self._wait = None if allowed else count.reset
        # Kept on the Django request, where portal.api.middleware finds it.
        request._request.rate_limit = RateLimit(
            limit=limit,
            remaining=max(0, limit - count.hits),
            reset=count.reset,
            period=str(PERIODS[rate.split("/")[1][0]]),
            authenticated=authenticated,
        )
        return allowed

    def wait(self):
        return self._wait
