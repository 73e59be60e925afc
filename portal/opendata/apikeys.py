"""API keys for anyone who asks, by email: a higher rate limit, free, no password.

An address asks on /open-data/api-key/; the portal emails it a signed link,
valid for a day; the link's page issues a key (replacing any earlier one) or
revokes it. The account is the address itself: a user with no usable
password, never staff, and no official, so the key opens the public API only.
A key lasts API_KEY_LIFETIME_DAYS; only its hash is stored (portal.core.tokens).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.core import tokens
from portal.core.models import ApiToken
from portal.core.ratelimit import describe

logger = logging.getLogger(__name__)

_SALT = "portal.opendata.apikeys"
LINK_VALID_SECONDS = 24 * 3600
_USERNAME_PREFIX = "api:"


class LinkInvalid(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MailFailed(Exception):
    pass


def normalise(email: str) -> str:
    return email.strip().lower()


def link_path(email: str) -> str:
    signed = signing.dumps(normalise(email), salt=_SALT)
    return reverse("opendata:api-key-link", kwargs={"signed": signed})


def email_from(signed: str) -> str:
    """Return the address a link was sent to; raise LinkInvalid with the reason."""
    try:
        return signing.loads(signed, salt=_SALT, max_age=LINK_VALID_SECONDS)
    except signing.SignatureExpired:
        raise LinkInvalid(
            _("This link has expired: links are valid for a day. Ask for a new one.")
        ) from None
    except signing.BadSignature:
        raise LinkInvalid(
            _("This link is not one the portal sent, or it was cut short.")
        ) from None


def send_link(email: str, site_url: str) -> None:
    """Email the address its link; raise MailFailed if it could not be sent."""
    email = normalise(email)
    body = render_to_string(
        "opendata/email/api_key_link.txt",
        {
            "link": site_url.rstrip("/") + link_path(email),
            "hours": LINK_VALID_SECONDS // 3600,
            "token_rate": describe(settings.API_THROTTLE_TOKEN),
        },
    )
    try:
        send_mail(
            _("Your API key for the credit disclosure portal"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    except Exception as error:
        logger.exception("Could not send an API key link")
        raise MailFailed from error


def _user(email: str, *, create: bool):
    users = get_user_model().objects
    username = _USERNAME_PREFIX + email
    if not create:
        return users.filter(username=username).first()
    user, created = users.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def current_key(email: str) -> ApiToken | None:
    return tokens.current(_user(normalise(email), create=False))


@transaction.atomic
def issue_key(email: str) -> tokens.Issued:
    """Issue a new key for the address (its `key`, known only now); any
    earlier one stops working."""
    return tokens.issue(
        _user(normalise(email), create=True),
        lifetime=timedelta(days=settings.API_KEY_LIFETIME_DAYS),
    )


def revoke_key(email: str) -> bool:
    """Delete the address's key; tell whether there was one."""
    return tokens.revoke(_user(normalise(email), create=False))
