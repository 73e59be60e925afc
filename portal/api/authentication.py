"""The API's one authentication: `Authorization: Token <key>`, checked by hash.

DRF's TokenAuthentication reads the header (the same scheme clients have
always sent); the key is checked against portal.core.tokens, which stores
only hashes. A wrong, replaced or revoked key and an expired one are each a
401 in the API's error shape, in the caller's language.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from portal.core import tokens


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except tokens.Expired as expired:
            # Caught here rather than below: the message needs the request.
            raise exceptions.AuthenticationFailed(
                _expired_message(expired.token, request), code="token_expired"
            ) from None

    def authenticate_credentials(self, key):
        try:
            token = tokens.authenticate(key)
        except tokens.Invalid:
            raise exceptions.AuthenticationFailed(
                _(
                    "This API token is not valid: it was replaced or revoked, "
                    "or it was not copied whole."
                )
            ) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return token.user, token


def _expired_message(token, request) -> str:
    return _(
        "This API token expired on %(date)s. Issue a new one: officials on "
        "their API token page, anyone else at %(url)s"
    ) % {
        "date": timezone.localdate(token.expires).isoformat(),
        "url": request.build_absolute_uri(reverse("opendata:api-key")),
    }
