"""API tokens an official's systems use to push records (the officials' API).

Tokens are issued and revoked by portal.core.tokens; here each act is also
scoped to a publisher and written to the change log.
"""

from django.db import transaction
from rest_framework.authtoken.models import Token

from portal.core import tokens
from portal.core.models import ChangeLogEntry
from portal.publishing.choices import Role
from portal.publishing.models import Official
from portal.publishing.services import audit
from portal.publishing.services.records import check_scope

Action = ChangeLogEntry.Action


def current_token(official: Official) -> Token | None:
    return tokens.current(official.user)


@transaction.atomic
def issue_token(official: Official) -> Token:
    """Return a new token for the official, the earlier one no longer valid."""
    check_scope(official, role=Role.PUBLISHER)
    token, replaced = tokens.issue(official.user)
    audit.write(
        [
            audit.entry(
                official,
                action=Action.TOKEN_ISSUE,
                actor=official.user,
                changes={"token": ["replaced" if replaced else "", "issued"]},
            )
        ]
    )
    return token


@transaction.atomic
def revoke_token(official: Official) -> bool:
    """Delete the official's token; tell whether there was one."""
    check_scope(official, role=Role.PUBLISHER)
    if not tokens.revoke(official.user):
        return False
    audit.write(
        [
            audit.entry(
                official,
                action=Action.TOKEN_REVOKE,
                actor=official.user,
                changes={"token": ["issued", "revoked"]},
            )
        ]
    )
    return True
