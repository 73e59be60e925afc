"""Issue a test user an API token the way the portal does (only its hash stored)."""

from datetime import timedelta

from portal.core import tokens


def issue(user, *, days: int = 1) -> tokens.Issued:
    """Return the issued token; its `key` is what a client sends."""
    return tokens.issue(user, lifetime=timedelta(days=days))
