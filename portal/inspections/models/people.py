"""Inspectors (执法检查人员名录库) and the conflicts they declare."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Inspector(models.Model):
    """An enforcement officer who may be drawn for inspection teams.

    The public sees the code and unit only; the name is for officials.
    """

    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="inspectors",
        verbose_name=_("unit"),
    )
    code = models.CharField(
        _("public code"),
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z_.:-]+$")],
        help_text=_("Shown in published files instead of the name."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Shown only to officials.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")

    def __str__(self):
        return self.code

    @property
    def unit(self) -> str:
        """Return the unit code published in inspectors.csv."""
        return f"a{self.authority_id}"


class DeclaredConflict(models.Model):
    """An inspector's declared conflict of interest with an entity."""

    inspector = models.ForeignKey(
        Inspector,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("inspector"),
    )
    entity = models.ForeignKey(
        "registry.Entity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entity"),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Seen by officials only.")
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "entity"], name="inspection_conflict_unique"
            )
        ]
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")

    def __str__(self):
        return f"{self.inspector} ≠ {self.entity.key}"
