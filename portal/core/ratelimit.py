"""Limits per client address on public forms (appeals, API keys).

A window of one hour per address and action, counted in the state database
(portal/core/counters.py), so that every worker and app server shares the
count. The address is decided by portal/core/clients.py, as for every limit.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.core import counters
from portal.core.clients import client_network

_WINDOW = 3600


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
