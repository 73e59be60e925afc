"""API tokens an official's systems use to push records (the officials' API).

Tokens are issued and revoked by portal.core.tokens, which keeps only their
hashes; here each act is also scoped to a publisher and written to the change
log. A token lasts OFFICIAL_TOKEN_LIFETIME_DAYS.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction

from portal.core import tokens
from portal.core.models import ApiToken, ChangeLogEntry
from portal.publishing.choices import Role
from portal.publishing.models import Official
from portal.publishing.services import audit
from portal.publishing.services.records import check_scope

Action = ChangeLogEntry.Action


def current_token(official: Official) -> ApiToken | None:
    return tokens.current(official.user)


@transaction.atomic
def issue_token(official: Official) -> tokens.Issued:
    """Issue a new token for the official (its `key`, known only now), the
    earlier one no longer valid."""
    check_scope(official, role=Role.PUBLISHER)
    issued = tokens.issue(
        official.user,
        lifetime=timedelta(days=settings.OFFICIAL_TOKEN_LIFETIME_DAYS),
    )
    audit.write(
        [
            audit.entry(
                official,
                action=Action.TOKEN_ISSUE,
                actor=official.user,
                changes={"token": ["replaced" if issued.replaced else "", "issued"]},
            )
        ]
    )
    return issued


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
