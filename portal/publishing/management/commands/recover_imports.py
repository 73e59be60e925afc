from django.conf import settings
from django.core.management.base import BaseCommand

from portal.core import workers
from portal.publishing.services import recovery


class Command(BaseCommand):
    help = (
        "Run again (or fail, after IMPORT_MAX_ATTEMPTS) the imports whose job "
        "stopped with its process, and fail the tasks of stopped workers. The "
        "worker does this by itself; safe to run at any time."
    )

    def handle(self, *args, **options):
        recovered = recovery.recover_imports()
        failed = workers.fail_dead_tasks()
        if not options["verbosity"]:
            return
        for batch in recovered:
            self.stdout.write(
                f"{batch.reference}: {batch.get_status_display()} "
                f"(attempt {batch.attempt} of {settings.IMPORT_MAX_ATTEMPTS})"
            )
        self.stdout.write(
            f"{len(recovered)} imports recovered; "
            f"{len(failed)} tasks of stopped workers marked failed."
        )
