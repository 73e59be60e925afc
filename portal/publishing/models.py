"""Officials, record versions and bulk imports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage
from portal.disclosures.choices import RecordKind
from portal.publishing.choices import ImportMode, ImportStatus, Role, Runner


class Official(models.Model):
    """A user who publishes for one authority, with the roles they hold there."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official",
        verbose_name=_("user"),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="officials",
        verbose_name=_("authority"),
    )
    is_publisher = models.BooleanField(
        _("publisher"),
        default=True,
        help_text=_("Creates, publishes, corrects and withdraws records."),
    )
    is_appeals_handler = models.BooleanField(
        _("appeals handler"),
        default=False,
        help_text=_("Decides objections and repair applications."),
    )
    is_authority_admin = models.BooleanField(
        _("authority administrator"),
        default=False,
        help_text=_("Reads the authority's audit log and manages its officials."),
    )

    class Meta:
        ordering = ["authority", "user__username"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")

    def __str__(self):
        return f"{self.user.get_username()} ({self.authority})"

    @property
    def roles(self) -> list[Role]:
        flags = {
            Role.PUBLISHER: self.is_publisher,
            Role.APPEALS_HANDLER: self.is_appeals_handler,
            Role.AUTHORITY_ADMIN: self.is_authority_admin,
        }
        return [role for role, held in flags.items() if held]

    def has_role(self, role: str) -> bool:
        return role in self.roles


class RecordVersion(models.Model):
    """A record's field values as they were before a correction replaced them."""

    kind = models.CharField(_("record type"), max_length=10, choices=RecordKind.choices)
    record_id = models.PositiveBigIntegerField(_("record ID"))
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("field values"))
    created_at = models.DateTimeField(_("superseded at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "record_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "version"],
                name="record_version_unique",
            )
        ]
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")

    def __str__(self):
        return f"{self.kind} #{self.record_id} v{self.version}"


def _upload_path(batch, filename):
    return f"imports/{batch.authority_id}/{batch.sha256[:16]}-{filename[-100:]}"


class ImportBatch(models.Model):
    """One uploaded file (or API push): its check, its report and its publication."""

    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name=_("authority"),
    )
    kind = models.CharField(_("record type"), max_length=10, choices=RecordKind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_upload_path, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImportStatus.choices,
        default=ImportStatus.QUEUED,
    )
    mode = models.CharField(
        _("publication mode"),
        max_length=16,
        choices=ImportMode.choices,
        default=ImportMode.ALL_OR_NOTHING,
    )
    correction_reason = models.TextField(_("reason for the corrections"), blank=True)
    # The report is written in the language the official uploaded in, even
    # when the background worker writes it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    header_style = models.CharField(_("headers"), max_length=10, blank=True)
    ignored_columns = models.JSONField(_("ignored columns"), default=list, blank=True)

    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_new = models.PositiveIntegerField(_("new records"), default=0)
    rows_changed = models.PositiveIntegerField(_("corrections"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_invalid = models.PositiveIntegerField(_("rows with problems"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)

    created_count = models.PositiveIntegerField(_("records created"), default=0)
    corrected_count = models.PositiveIntegerField(_("records corrected"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows left out"), default=0)

    error = models.TextField(_("error"), blank=True)
    # The current step (checking, or publishing) is handed to a job: in the
    # web request, or a task of the background worker. A job whose process
    # stopped is found by its lease and run again, up to IMPORT_MAX_ATTEMPTS
    # times (portal.publishing.services.recovery).
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    queued_at = models.DateTimeField(_("handed to a job at"), null=True, blank=True)
    started_at = models.DateTimeField(_("job started at"), null=True, blank=True)
    task_id = models.CharField(_("background task"), max_length=64, blank=True)
    interrupted = models.CharField(
        _("last stopped by"), max_length=10, choices=Runner.choices, blank=True
    )
    validated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        """Return the name change-log entries give as their source."""
        return f"import-{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in (
            ImportStatus.QUEUED,
            ImportStatus.VALIDATING,
            ImportStatus.PUBLISHING,
        )

    @property
    def percent_done(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

    @property
    def rows_valid(self) -> int:
        return self.rows_new + self.rows_changed + self.rows_unchanged


class ImportProblem(models.Model):
    """One problem (or warning) found in an import: where (row, column) and what.

    Rows are numbered as a spreadsheet shows them: the header is row 1, the
    first record row 2 (records pushed through the API likewise, from 2).
    """

    class Level(models.TextChoices):
        ERROR = "error", _("Problem")
        WARNING = "warning", _("Warning")

    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("import"),
    )
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=100, blank=True)
    message = models.TextField(_("problem"))
    # A warning blocks nothing; the official reads it before publishing.
    level = models.CharField(
        _("level"), max_length=10, choices=Level.choices, default=Level.ERROR
    )

    class Meta:
        ordering = ["batch", "row", "pk"]
        indexes = [models.Index(fields=["batch", "row"])]
        verbose_name = _("import problem")
        verbose_name_plural = _("import problems")

    def __str__(self):
        return f"{self.row} {self.column}: {self.message}"


class ImportCorrection(models.Model):
    """A row that would correct a published record: which one, and what changes."""

    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("import"),
    )
    row = models.PositiveIntegerField(_("row"))
    record_id = models.PositiveBigIntegerField(_("record ID"))
    decision_number = models.CharField(_("decision number"), max_length=128)
    # {field: [before, after]}, as the change log records a correction.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["batch", "row", "pk"]
        verbose_name = _("import correction")
        verbose_name_plural = _("import corrections")

    def __str__(self):
        return f"{self.row}: {self.decision_number}"
