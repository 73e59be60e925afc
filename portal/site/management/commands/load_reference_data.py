from django.core.management.base import BaseCommand

from portal.cities import services as cities
from portal.creditlists import services as creditlists
from portal.registry import services as registry


class Command(BaseCommand):
    help = (
        "Load the reference data: GB/T 2260 regions, the national credit lists "
        "and their measures, and the demonstration-city batches. Safe to rerun."
    )

    def handle(self, *args, **options):
        # Regions first: the demonstration cities point at them.
        for loader in (registry, creditlists, cities):
            for label, count in loader.load_reference_data().items():
                self.stdout.write(f"{label}: {count}")
