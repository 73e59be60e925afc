"""Demonstration-city batches and the designation of regions in them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class DemonstrationBatch(models.Model):
    """A batch of 社会信用体系建设示范城市 as announced."""

    number = models.PositiveSmallIntegerField(_("batch"), unique=True)
    announced_on = models.DateField(
        _("announced on"),
        help_text=_("Where only the month is known, its first day."),
    )
    announced_by = models.CharField(_("announced by"), max_length=200)
    official_count = models.PositiveSmallIntegerField(
        _("official number of cities"),
        help_text=_("As announced, even while the members are not all entered."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("demonstration batch")
        verbose_name_plural = _("demonstration batches")

    def __str__(self):
        return _("Batch %(number)d") % {"number": self.number}


class DesignationQuerySet(models.QuerySet):
    def in_force_during(self, start, end):
        """Return the designations in force on at least one day from start to end."""
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=start),
            designated_on__lte=end,
        )


class Designation(models.Model):
    """A region named a demonstration city in a batch, until revoked if ever."""

    batch = models.ForeignKey(
        DemonstrationBatch,
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("batch"),
    )
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("region"),
    )
    designated_on = models.DateField(_("designated on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "region"],
                name="designation_unique_region",
                violation_error_message=_("This region is already in this batch."),
            )
        ]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")

    def __str__(self):
        return f"{self.region} ({self.batch})"

    def clean(self):
        if self.ended_on and self.designated_on and self.ended_on < self.designated_on:
            raise ValidationError(
                {"ended_on": _("A designation cannot end before it starts.")}
            )
