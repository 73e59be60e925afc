"""What the statistics keep of each drawn random-inspection plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanPopulation(models.Model):
    """How many entities a drawn plan's frozen pool held, and how many were drawn.

    Counted once, from the published entities.csv and the draw, when the
    statistics first meet the drawn plan: the files never change afterwards,
    and no refresh or page reads them again.
    """

    plan = models.OneToOneField(
        "inspections.InspectionPlan",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("inspection plan"),
    )
    pool = models.PositiveIntegerField(_("entities in the pool"))
    drawn = models.PositiveIntegerField(_("entities drawn"))
    counted_at = models.DateTimeField(_("counted at"), auto_now_add=True)

    class Meta:
        ordering = ["plan"]
        verbose_name = _("drawn plan's population")
        verbose_name_plural = _("drawn plans' populations")

    def __str__(self):
        return f"{self.plan_id}: {self.drawn}/{self.pool}"
