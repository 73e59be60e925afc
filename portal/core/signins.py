"""Limits on failed sign-ins, for the officials' area and the admin alike.

Failures (a wrong password, an unknown user, a wrong authenticator code) are
counted per account *and* client address, and per address over all accounts
(portal/core/counters.py, shared by every process), within a window that
starts at the first failure and lasts SIGNIN_LOCKOUT_MINUTES. Past either
limit, sign-in from that address waits for the window's end, the right
password included. Guessing from elsewhere therefore never locks the real
official out: their own address keeps its own count.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import ngettext

from portal.core import counters
from portal.core.clients import client_network

_ACCOUNT = "signin-account"
_ADDRESS = "signin-address"


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int  # seconds


def refusal(request, *, username: str) -> Refusal | None:
    """Return why the address may not try to sign in now, or None."""
    account, address = _clients(request, username)
    by_account = counters.peek(action=_ACCOUNT, client=account)
    by_address = counters.peek(action=_ADDRESS, client=address)
    return _judge(by_account, by_address)


def failed(request, *, username: str) -> Refusal | None:
    """Count a failed sign-in; return the refusal if it was one too many."""
    account, address = _clients(request, username)
    period = settings.SIGNIN_LOCKOUT_MINUTES * 60
    by_account = counters.hit(action=_ACCOUNT, client=account, period=period)
    by_address = counters.hit(action=_ADDRESS, client=address, period=period)
    return _judge(by_account, by_address)


def succeeded(request, *, username: str) -> None:
    """Forget the account's failures from this address (not the address's)."""
    account, _address = _clients(request, username)
    counters.forget(action=_ACCOUNT, client=account)


def _clients(request, username: str) -> tuple[str, str]:
    address = client_network(request)
    # User names are compared as typed by ModelBackend; folding here only
    # keeps "Keeper" and "keeper" from being counted apart.
    return f"{username.strip().casefold()}\n{address}", address


def _judge(by_account, by_address) -> Refusal | None:
    if by_address.hits >= settings.SIGNIN_FAILURES_PER_ADDRESS:
        wait = by_address.reset
        text = ngettext(
            "Too many failed sign-ins from your network address. Signing in "
            "from it is paused: try again in %(minutes)d minute.",
            "Too many failed sign-ins from your network address. Signing in "
            "from it is paused: try again in %(minutes)d minutes.",
            _minutes(wait),
        )
    elif by_account.hits >= settings.SIGNIN_FAILURES_PER_ACCOUNT:
        wait = by_account.reset
        text = ngettext(
            "Too many failed sign-ins for this account from your network "
            "address. Signing in to it from here is paused: try again in "
            "%(minutes)d minute.",
            "Too many failed sign-ins for this account from your network "
            "address. Signing in to it from here is paused: try again in "
            "%(minutes)d minutes.",
            _minutes(wait),
        )
    else:
        return None
    return Refusal(text % {"minutes": _minutes(wait)}, wait)


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))
