"""Error reports to Sentry, when SENTRY_DSN is set (see portal/settings.py).

Unhandled errors and records logged at ERROR become events; lower records
travel with them as breadcrumbs. Nothing personal is sent (no cookies, user,
client address, form body or local variable: the portal's visitors are the
public, and their appeals name people), and each event
is tagged with the request id that its log lines carry, so that one leads to
the other.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from portal.core import requestids


def tag_request_id(event, hint):
    """Tag an event with the id of the request or task it happened in."""
    request_id = requestids.get()
    if request_id != requestids.NONE:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def configure_sentry(
    dsn: str,
    *,
    environment: str | None = None,
    release: str | None = None,
    traces_sample_rate: float = 0.0,
    transport=None,
):
    """Start reporting to Sentry; `transport` replaces sending (for tests).

    A traces rate of 0 turns tracing off altogether rather than sampling none.
    """
    return sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration()],
        # Nothing personal: no cookies, users or client addresses (the
        # default, `send_default_pii` off; naming it is deprecated in recent
        # releases), no form bodies (appeals carry names, ID numbers and
        # phone numbers) and no local variables, which may hold the same.
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate or None,
        before_send=tag_request_id,
        before_send_transaction=tag_request_id,
        transport=transport,
    )
