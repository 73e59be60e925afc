from django.core.management.base import BaseCommand

from portal.publishing.services.housekeeping import expire_publicity


class Command(BaseCommand):
    help = (
        "End the publicity of penalties past their maximum period (run daily; "
        "safe to run twice)."
    )

    def handle(self, *args, **options):
        count = expire_publicity()
        if options["verbosity"]:
            self.stdout.write(f"Publicity ended for {count} penalties.")
