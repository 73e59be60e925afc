"""`issue_token <username>`: issue a user's API token and print it, once.

For accounts that have neither the emailed link (/open-data/api-key/) nor
the officials' token page (/officials/api-token/, which also writes the audit
log): the key is printed here and never again, as only its hash is stored.
Any earlier token of the user stops working.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.core import tokens


class Command(BaseCommand):
    help = (
        "Issue a user's API token (replacing any earlier one) and print its key, "
        "which is not stored and cannot be shown again; or revoke it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days the token lasts (default API_KEY_LIFETIME_DAYS).",
        )
        parser.add_argument(
            "--revoke", action="store_true", help="Revoke the user's token instead."
        )

    def handle(self, *args, username, days, revoke, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if revoke:
            if tokens.revoke(user):
                self.stdout.write(f"{username}'s token was revoked.")
            else:
                self.stdout.write(f"{username} had no token.")
            return
        days = settings.API_KEY_LIFETIME_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        issued = tokens.issue(user, lifetime=timedelta(days=days))
        if options["verbosity"] >= 1:
            self.stderr.write(
                f"{'Replaced' if issued.replaced else 'Issued'} {username}'s token "
                f"{issued.token.prefix}…, valid until "
                f"{issued.token.expires:%Y-%m-%d %H:%M} UTC. Copy the key now: "
                "it is not shown again."
            )
        # The key alone on stdout, for scripts.
        self.stdout.write(issued.key)
