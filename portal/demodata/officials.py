"""Demo officials for development: four accounts whose sign-in details are printed.

Built on the publishing services that create real officials
(`portal.publishing.services.officials`); only the demo accounts live here, so
that a production install, which leaves this app out, has no way to make them.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.publishing.exceptions import PublishingError
from portal.publishing.models import Official
from portal.publishing.services.officials import create_official, totp_secret
from portal.registry.models import Authority

DEMO_PREFIX = "demo-"


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


def write_demo_officials(stdout, officials: list[DemoOfficial]) -> None:
    """Print the officials' sign-in details (to a command's output)."""
    if not officials:
        stdout.write("No authority yet: load demo data first.")
        return
    stdout.write(
        "Demo officials (sign in at /officials/; enter the secret in an "
        "authenticator app):"
    )
    for official in officials:
        stdout.write(
            f"  {official.username}  password {official.password}  TOTP secret "
            f"{official.secret}  ({official.authority}; {official.roles})"
        )
