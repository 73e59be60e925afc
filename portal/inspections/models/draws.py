"""What a plan publishes: its frozen files, and the draw read into rows.

The files are the record; `DrawnEntity` and `TeamMember` are written from the
same computation in the same transaction so that results can point at a
drawn entity and pages can filter without parsing CSV on every request.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.inspections.choices import FileName


class FrozenFile(models.Model):
    """One published file of a plan: its exact bytes and their SHA-256."""

    plan = models.ForeignKey(
        "inspections.InspectionPlan",
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("plan"),
    )
    name = models.CharField(_("file"), max_length=20, choices=FileName.choices)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"], name="inspection_file_unique_name"
            )
        ]
        verbose_name = _("published file")
        verbose_name_plural = _("published files")

    def __str__(self):
        return f"{self.name} {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("A published file is never changed.")
        super().save(*args, **kwargs)


class DrawnEntity(models.Model):
    """An entity the draw selected (a row of drawn.csv)."""

    plan = models.ForeignKey(
        "inspections.InspectionPlan",
        on_delete=models.CASCADE,
        related_name="drawn",
        verbose_name=_("plan"),
    )
    entity = models.ForeignKey(
        "registry.Entity",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("entity"),
    )
    stratum = models.CharField(_("stratum"), max_length=20)
    rank = models.CharField(_("rank"), max_length=64)
    position = models.PositiveIntegerField(_("position in drawn.csv"))

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "entity"], name="inspection_drawn_unique_entity"
            )
        ]
        verbose_name = _("drawn entity")
        verbose_name_plural = _("drawn entities")

    def __str__(self):
        return f"{self.entity.key} ({self.stratum})"


class TeamMember(models.Model):
    """An inspector the draw assigned to a drawn entity (a row of teams.csv)."""

    drawn = models.ForeignKey(
        DrawnEntity,
        on_delete=models.CASCADE,
        related_name="team",
        verbose_name=_("drawn entity"),
    )
    inspector = models.ForeignKey(
        "inspections.Inspector",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("inspector"),
    )
    position = models.PositiveSmallIntegerField(_("position in team"))

    class Meta:
        ordering = ["drawn", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["drawn", "inspector"], name="inspection_team_unique_member"
            )
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return str(self.inspector)
