"""Rates and limits: "60/min" read and said in words; limits per client address
on public forms (appeals, API keys).

A window of one hour per address and action, counted in the state database
(portal/core/counters.py), so that every worker and app server shares the
count. The address is decided by portal/core/clients.py, as for every limit.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core import counters
from portal.core.clients import client_network

_WINDOW = 3600

# A rate's period by its first letter, in words and in seconds.
PERIODS = {
    "s": gettext_lazy("second"),
    "m": gettext_lazy("minute"),
    "h": gettext_lazy("hour"),
    "d": gettext_lazy("day"),
}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """Read a rate such as "60/min" as (requests, seconds); raise ValueError."""
    count, _slash, period = rate.partition("/")
    if not count.strip().isdigit() or int(count) < 1 or period[:1] not in _SECONDS:
        raise ValueError(f"{rate!r} is not a rate such as 60/min or 1000/hour")
    return int(count), _SECONDS[period[0]]


def describe(rate: str) -> str:
    """Say a rate such as "60/min" in words: "60 requests per minute"."""
    count, period = rate.split("/")
    return _("%(count)s requests per %(period)s") % {
        "count": count,
        "period": PERIODS[period[0]],
    }


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends


def hit(request, action: str, *, limit: int) -> Verdict:
    """Count one attempt of the action from the request's address."""
    if limit <= 0:
        return Verdict(True, 0)
    count = counters.hit(action=action, client=client_network(request), period=_WINDOW)
    return Verdict(count.hits <= limit, count.reset)


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
