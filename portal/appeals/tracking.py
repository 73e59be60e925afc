"""Tracking without an account: a number anyone may see, a secret only the
applicant holds (the database keeps its hash), and the session that remembers
which cases this browser has opened."""

import hashlib
import hmac
import secrets

_ACCESS_KEY = "appeals_access"
_NEW_KEY = "appeals_new"
# A browser remembers this many cases; older ones need the secret again.
_REMEMBERED = 20


def new_secret() -> str:
    return secrets.token_urlsafe(16)


def hash_secret(secret: str) -> str:
    # The secret is 128 random bits: a plain digest cannot be reversed or
    # guessed, and needs no key that a rotation would invalidate.
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def secret_matches(appeal, secret: str) -> bool:
    return hmac.compare_digest(appeal.secret_hash, hash_secret(secret or ""))


def grant(session, number: str) -> None:
    """Let this browser open the case's tracking page from now on."""
    numbers = [n for n in session.get(_ACCESS_KEY, []) if n != number]
    session[_ACCESS_KEY] = [*numbers, number][-_REMEMBERED:]


def has_access(session, number: str) -> bool:
    return number in session.get(_ACCESS_KEY, [])


def remember_new(session, number: str, secret: str) -> None:
    """Keep a new case's secret in the session, to show on its confirmation."""
    new = dict(session.get(_NEW_KEY, {}))
    new[number] = secret
    session[_NEW_KEY] = dict(list(new.items())[-_REMEMBERED:])
    grant(session, number)


def new_secret_for(session, number: str) -> str | None:
    return session.get(_NEW_KEY, {}).get(number)
