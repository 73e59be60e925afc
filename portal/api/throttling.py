"""Rate limits: one for callers without a token, a higher one for token holders.

The limits are `API_THROTTLE_ANON` and `API_THROTTLE_TOKEN` ("60/min"), counted
per IP address or per user over a sliding window in the default cache (share a
Redis cache between app servers so the count is shared too). Every answer says
where the caller stands in X-RateLimit-Limit, X-RateLimit-Remaining and
X-RateLimit-Reset (seconds until a request is free again); a refusal is a 429
with Retry-After.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

_PERIODS = {
    "s": _("second"),
    "m": _("minute"),
    "h": _("hour"),
    "d": _("day"),
}


def describe(rate: str) -> str:
    """Say a rate such as "60/min" in words: "60 requests per minute"."""
    count, period = rate.split("/")
    return _("%(count)s requests per %(period)s") % {
        "count": count,
        "period": _PERIODS[period[0]],
    }


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset: int  # seconds
    period: str
    authenticated: bool


class PortalRateThrottle(SimpleRateThrottle):
    scope = "api"

    def __init__(self):
        # The rate depends on the caller, so it is chosen per request.
        self.rate = None

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user:{user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return f"throttle:api:{ident}"

    def allow_request(self, request, view):
        authenticated = bool(request.user and request.user.is_authenticated)
        self.rate = (
            settings.API_THROTTLE_TOKEN if authenticated else settings.API_THROTTLE_ANON
        )
        self.num_requests, self.duration = self.parse_rate(self.rate)
        allowed = super().allow_request(request, view)
        oldest = self.history[-1] if self.history else self.now
        reset = max(0, int(oldest + self.duration - self.now + 0.999))
        # Kept on the Django request, where portal.api.middleware finds it.
        request._request.rate_limit = RateLimit(
            limit=self.num_requests,
            remaining=max(0, self.num_requests - len(self.history)),
            reset=reset,
            period=str(_PERIODS[self.rate.split("/")[1][0]]),
            authenticated=authenticated,
        )
        return allowed
