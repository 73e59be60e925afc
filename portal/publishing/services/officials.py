"""Officials' accounts: a user, a profile at one authority, a TOTP device."""

from base64 import b32encode
from binascii import unhexlify

from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.publishing.models import Official
from portal.registry.models import Authority


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
