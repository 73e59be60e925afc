"""API tokens: one per user, shown once, stored only as a hash, with an expiry.

Officials' systems (portal.publishing.services.tokens) and anyone's API key
(portal.opendata.apikeys) go through here; portal.api.authentication reads
the `Authorization: Token <key>` header with `authenticate`.

The database keeps the key's first characters (its prefix: the row to look
at, and what a page shows to tell keys apart) and the SHA-256 of the whole
key. A key is 32 random bytes, so a fast hash is enough: no slow password
hash is needed against guessing, and checking a key costs one indexed read.
Issuing replaces any earlier token at once, so a leaked one is dealt with by
issuing a new one or revoking it. The time a token was last used is written
at most once a minute, not on every request.
"""

import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone

from portal.core.models import ApiToken

logger = logging.getLogger(__name__)

PREFIX_LENGTH = 8
# How stale last_used may be: one write a minute per token at most.
LAST_USED_EVERY = timedelta(minutes=1)
# New keys are 43 URL-safe characters; keys moved from DRF's authtoken are 40
# hex digits. Anything else is refused before the database is asked.
_KEY_FORM = re.compile(r"[A-Za-z0-9_-]{32,64}")


class Invalid(Exception):
    """No token matches the key (never issued, replaced or revoked)."""


class Expired(Exception):
    """The key matches a token whose time is over."""

    def __init__(self, token: ApiToken):
        super().__init__(f"token {token.prefix} expired at {token.expires}")
        self.token = token


@dataclass(frozen=True)
class Issued:
    """A token just issued, with its key: the only time the key is known."""

    token: ApiToken
    key: str
    replaced: bool


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def current(user) -> ApiToken | None:
    if user is None:
        return None
    return ApiToken.objects.filter(user=user).first()


@transaction.atomic
def issue(user, *, lifetime: timedelta) -> Issued:
    """Issue a new token valid for `lifetime`; any earlier one stops working."""
    replaced = ApiToken.objects.filter(user=user).delete()[0] > 0
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        prefix=key[:PREFIX_LENGTH],
        digest=digest(key),
        created=now,
        expires=now + lifetime,
    )
    return Issued(token=token, key=key, replaced=replaced)


def revoke(user) -> bool:
    """Delete the user's token; tell whether there was one."""
    return user is not None and ApiToken.objects.filter(user=user).delete()[0] > 0


def authenticate(key: str) -> ApiToken:
    """Return the token the key opens, its use noted; raise Invalid or Expired."""
    if not _KEY_FORM.fullmatch(key):
        raise Invalid
    wanted = digest(key)
    candidates = ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).select_related(
        "user"
    )
    for token in candidates:
        if hmac.compare_digest(token.digest, wanted):
            break
    else:
        raise Invalid
    now = timezone.now()
    if token.expires <= now:
        raise Expired(token)
    _note_use(token, now)
    return token


def _note_use(token: ApiToken, now) -> None:
    """Record the use, unless it was recorded within the last minute."""
    if token.last_used is not None and now - token.last_used < LAST_USED_EVERY:
        return
    token.last_used = now
    try:
        # A savepoint: a failed write must not spoil the request's transaction.
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    except DatabaseError:
        # A locked database costs the note, never the request.
        logger.warning("Could not note the use of API token %s", token.prefix)
