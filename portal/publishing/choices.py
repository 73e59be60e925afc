"""Enumerations of the officials' area."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PUBLISHER = "publisher", _("Publisher")
    APPEALS_HANDLER = "appeals_handler", _("Appeals handler")
    AUTHORITY_ADMIN = "authority_admin", _("Authority administrator")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    VALIDATING = "validating", _("Checking")
    VALIDATED = "validated", _("Checked")
    PUBLISHING = "publishing", _("Publishing")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


class Runner(models.TextChoices):
    """Where an import's job runs: in the web request, or the background worker."""

    WEB = "web", _("web server")
    WORKER = "worker", _("background worker")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All rows or none")
    VALID_ROWS = "valid_rows", _("Only the valid rows")


class RowOutcome(models.TextChoices):
    """What publishing a row does (or did) to the authority's records."""

    NEW = "new", _("New record")
    CHANGED = "changed", _("Correction of a published record")
    UNCHANGED = "unchanged", _("Unchanged")
    INVALID = "invalid", _("Has problems")
