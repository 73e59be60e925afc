from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demodata.officials import create_demo_officials, write_demo_officials


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
        write_demo_officials(self.stdout, create_demo_officials())
