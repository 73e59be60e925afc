"""Set up a staff user's authenticator app, which the admin asks a code of.

Here beside the officials' accounts, whose TOTP devices work the same way.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.publishing.services.officials import totp_secret


class Command(BaseCommand):
    help = (
        "Give a staff user a TOTP device for the admin and print its secret, to "
        "add to an authenticator app. Whoever runs this has the server, so the "
        "device counts as confirmed."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace the user's devices: codes of the old app stop working.",
        )
        parser.add_argument(
            "--for-script",
            action="store_true",
            help="Print only the device's id and the base32 secret, on one line.",
        )

    def handle(self, *args, username, replace, for_script, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user named {username!r}.")
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff: the admin is for staff.")
        devices = TOTPDevice.objects.filter(user=user)
        if devices.filter(confirmed=True).exists() and not replace:
            raise CommandError(
                f"{username!r} already has an authenticator app; pass --replace "
                "to set up a new one instead."
            )
        with transaction.atomic():
            devices.delete()
            device = TOTPDevice.objects.create(user=user, name="admin", confirmed=True)
        secret = totp_secret(device)
        if for_script:
            self.stdout.write(f"{device.persistent_id} {secret}")
            return
        self.stdout.write(f"Secret key for {username}: {secret}")
        self.stdout.write(f"Setup link (otpauth): {device.config_url}")
        self.stdout.write(
            "Add it to an authenticator app, then sign in at /admin/ with the "
            "password and the app's current code."
        )
