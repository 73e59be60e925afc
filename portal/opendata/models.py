"""The catalogue of bulk files: each build and the files it wrote."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Build(models.Model):
    """One run of `build_exports`: snapshots of every dataset, deltas since the last."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    schema_version = models.CharField(_("schema version"), max_length=10)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous build"),
        help_text=_("The build the deltas compare against."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"
        verbose_name = _("export build")
        verbose_name_plural = _("export builds")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class ExportFile(models.Model):
    """A file a build wrote into media storage, with what the manifest says of it."""

    class Kind(models.TextChoices):
        SNAPSHOT = "snapshot", _("Snapshot")
        DELTA = "delta", _("Delta")
        # Ids and row digests of a snapshot, for the next build's delta; not public.
        STATE = "state", _("State")

    class Format(models.TextChoices):
        CSV = "csv.gz", _("CSV (gzip)")
        JSONL = "jsonl.gz", _("JSON Lines (gzip)")
        STATE = "tsv.gz", _("Row digests (gzip)")

    build = models.ForeignKey(
        Build, on_delete=models.CASCADE, related_name="files", verbose_name=_("build")
    )
    dataset = models.CharField(_("dataset"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    name = models.CharField(_("file name"), max_length=200, unique=True)
    rows = models.PositiveIntegerField(_("rows"))
    bytes = models.PositiveBigIntegerField(_("bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    added = models.PositiveIntegerField(_("added"), null=True, blank=True)
    changed = models.PositiveIntegerField(_("changed"), null=True, blank=True)
    removed = models.PositiveIntegerField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["dataset", "kind", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["build", "dataset", "kind", "format"],
                name="exportfile_unique_per_build",
            )
        ]
        verbose_name = _("export file")
        verbose_name_plural = _("export files")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("opendata:file", kwargs={"name": self.name})
