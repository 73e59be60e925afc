"""Tracking without an account: a number anyone may see, a secret only the
applicant holds, and the session that remembers which cases this browser has
opened.

The secret is derived from the form's submission token with the site's key,
so that the same form sent twice (a double click) shows the same secret again
without the secret being kept anywhere: the database holds only hashes of
the token and of the secret.
"""

import base64
import hashlib
import hmac

from django.utils.crypto import salted_hmac

_ACCESS_KEY = "appeals_access"
# A browser remembers this many cases; older ones need the secret again.
_REMEMBERED = 20


def secret_for_token(token) -> str:
    """Return the case's secret: 128 bits, 22 characters, from the token."""
    digest = salted_hmac("portal.appeals.secret", str(token)).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_token(token) -> str:
    return hashlib.sha256(f"token:{token}".encode()).hexdigest()


def hash_secret(secret: str) -> str:
    # The secret is 128 random-looking bits: a plain digest cannot be reversed
    # or guessed.
    return hashlib.sha256((secret or "").strip().encode()).hexdigest()


def secret_matches(appeal, secret: str) -> bool:
    return hmac.compare_digest(appeal.secret_hash, hash_secret(secret or ""))


def grant(session, number: str) -> None:
    """Let this browser open the case's tracking page from now on."""
    numbers = [n for n in session.get(_ACCESS_KEY, []) if n != number]
    session[_ACCESS_KEY] = [*numbers, number][-_REMEMBERED:]


def has_access(session, number: str) -> bool:
    return number in session.get(_ACCESS_KEY, [])
