"""The client's address: the one rule every limit counts by.

`TRUSTED_PROXIES` (DJANGO_TRUSTED_PROXIES) says how many reverse proxies
stand in front of the portal. Each appends the address it received the
request from to X-Forwarded-For, so the N-th entry from the right is what the
outermost proxy saw: the client's address. Entries further left were written
by the client and prove nothing; whatever they say, the count stays the same.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """Return the address of the client that sent the request."""
    peer = _normalized(request.META.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXIES
    if trusted <= 0:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < trusted:
        # Fewer hops than proxies: a proxy is missing or was bypassed, and
        # any hop there may be invented. The connection's own peer is the
        # nearest address known for sure; at worst it counts everyone behind
        # one proxy together, which limits too much, never too little.
        return peer
    return _normalized(hops[-trusted])


def client_network(request) -> str:
    """Return what a limit counts the client by: its address, or its IPv6 /64.

    One IPv6 subscriber usually holds a whole /64, so counting its addresses
    one by one would give it billions of allowances.
    """
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def _normalized(address: str) -> str:
    """Write an address one way (2001:db8::1; an IPv4-mapped one as IPv4)."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(parsed)
