from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.publishing.services.officials import create_demo_officials


class Command(BaseCommand):
    help = (
        "Create or reset the demo officials and print their sign-in details "
        "(development only: refused unless DJANGO_DEBUG is on)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo officials are for development (DJANGO_DEBUG=true)."
            )
        print_demo_officials(self.stdout, create_demo_officials())


def print_demo_officials(stdout, officials) -> None:
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
