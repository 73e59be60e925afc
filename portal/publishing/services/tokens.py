"""API tokens an official's systems use to push records (the officials' API).

One token per official, as DRF's token authentication has it. Issuing a token
replaces any earlier one at once, so a leaked key is dealt with by issuing a
new one or revoking it; both are written to the change log.
"""

from django.db import transaction
from rest_framework.authtoken.models import Token

from portal.core.models import ChangeLogEntry
from portal.publishing.choices import Role
from portal.publishing.models import Official
from portal.publishing.services import audit
from portal.publishing.services.records import check_scope

Action = ChangeLogEntry.Action


def current_token(official: Official) -> Token | None:
    return Token.objects.filter(user=official.user).first()


@transaction.atomic
def issue_token(official: Official) -> Token:
    """Return a new token for the official, the earlier one no longer valid."""
    check_scope(official, role=Role.PUBLISHER)
    replaced = Token.objects.filter(user=official.user).delete()[0] > 0
    token = Token.objects.create(user=official.user)
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
    if not Token.objects.filter(user=official.user).delete()[0]:
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
