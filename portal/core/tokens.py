"""API tokens: one per user, as DRF's token authentication has it.

Issuing replaces any earlier token at once, so a leaked one is dealt with by
issuing a new one or revoking it. Officials' systems
(portal.publishing.services.tokens) and anyone's API key
(portal.opendata.apikeys) go through here.
"""

from django.db import transaction
from rest_framework.authtoken.models import Token


def current(user) -> Token | None:
    return Token.objects.filter(user=user).first() if user is not None else None


@transaction.atomic
def issue(user) -> tuple[Token, bool]:
    """Return a new token for the user, and whether it replaced one."""
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    return Token.objects.create(user=user), replaced


def revoke(user) -> bool:
    """Delete the user's token; tell whether there was one."""
    return user is not None and Token.objects.filter(user=user).delete()[0] > 0
