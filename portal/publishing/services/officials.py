"""Officials' accounts: a user, a profile at one authority, a TOTP device."""

import secrets
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.publishing.exceptions import PublishingError
from portal.publishing.models import Official
from portal.registry.models import Authority

DEMO_PREFIX = "demo-"


def totp_secret(device: TOTPDevice) -> str:
    """Return the device key in base32, as authenticator apps take it."""
    return b32encode(unhexlify(device.key)).decode()


@transaction.atomic
def create_official(
    *,
    username: str,
    password: str,
    authority: Authority,
    is_publisher: bool = True,
    is_appeals_handler: bool = False,
    is_authority_admin: bool = False,
    email: str = "",
    confirmed_device: bool = False,
) -> tuple[Official, TOTPDevice]:
    """Create a user who acts for the authority, and their TOTP device.

    An unconfirmed device is confirmed by the official at their first sign-in,
    when they enter a code from their app.
    """
    user = get_user_model().objects.create_user(
        username=username, password=password, email=email
    )
    official = Official(
        user=user,
        authority=authority,
        is_publisher=is_publisher,
        is_appeals_handler=is_appeals_handler,
        is_authority_admin=is_authority_admin,
    )
    official.full_clean()
    official.save()
    device = TOTPDevice.objects.create(
        user=user, name="default", confirmed=confirmed_device
    )
    return official, device


@dataclass(frozen=True)
class DemoOfficial:
    username: str
    password: str
    secret: str
    authority: str
    roles: str


def _demo_authorities() -> list[Authority]:
    preferred = Authority.objects.filter(
        kind=Authority.Kind.MARKET_REGULATION, region__code="330100"
    ).order_by("pk")
    authority = preferred.first() or Authority.objects.order_by("pk").first()
    if authority is None:
        return []
    others = Authority.objects.exclude(pk=authority.pk).order_by("pk")
    return [authority, *others[:1]]


@transaction.atomic
def create_demo_officials() -> list[DemoOfficial]:
    """Create (or reset) demo officials, for development only.

    Passwords and TOTP secrets are fresh random values on every call; the
    caller prints them. Refused outside DEBUG, so production never has
    accounts with credentials printed to a console.
    """
    if not settings.DEBUG:
        raise PublishingError("Demo officials exist only in development (DEBUG).")
    authorities = _demo_authorities()
    if not authorities:
        return []
    first, second = authorities[0], authorities[-1]
    plan = [
        ("publisher", first, {"is_publisher": True}),
        (
            "admin",
            first,
            {"is_publisher": True, "is_authority_admin": True},
        ),
        ("other", second, {"is_publisher": True}),
        (
            "appeals",
            first,
            {"is_publisher": False, "is_appeals_handler": True},
        ),
    ]
    User = get_user_model()
    made = []
    for suffix, authority, roles in plan:
        username = f"{DEMO_PREFIX}{suffix}"
        password = secrets.token_urlsafe(12)
        user = User.objects.filter(username=username).first()
        if user is None:
            official, device = create_official(
                username=username,
                password=password,
                authority=authority,
                confirmed_device=True,
                **roles,
            )
        else:
            # Reset rather than delete: the change log refers to the user.
            user.set_password(password)
            user.is_active = True
            user.save()
            official, _created = Official.objects.update_or_create(
                user=user, defaults={"authority": authority, **roles}
            )
            TOTPDevice.objects.filter(user=user).delete()
            device = TOTPDevice.objects.create(
                user=user, name="default", confirmed=True
            )
        made.append(
            DemoOfficial(
                username=username,
                password=password,
                secret=totp_secret(device),
                authority=authority.name,
                roles=", ".join(str(role.label) for role in official.roles),
            )
        )
    return made
