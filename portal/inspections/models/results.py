"""Inspection results (抽查检查结果), one per drawn entity and item, with versions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.inspections import reference
from portal.inspections.choices import (
    PUBLIC_RESULT_STATES,
    ResultState,
    ResultWithdrawalReason,
)
from portal.inspections.deadlines import result_deadline


class InspectionResultQuerySet(models.QuerySet):
    def public(self):
        """Published or corrected, not withdrawn: the one visibility rule."""
        return self.filter(state__in=PUBLIC_RESULT_STATES)

    def published_on_time(self):
        return self.filter(published_at__date__lte=F("publication_deadline"))


class InspectionResult(models.Model):
    """The result of inspecting one drawn entity for one inspection item."""

    drawn = models.ForeignKey(
        "inspections.DrawnEntity",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("drawn entity"),
    )
    item = models.ForeignKey(
        "inspections.InspectionItem",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("inspection item"),
    )
    # The item's responsible authority, copied so scoping needs no join.
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="inspection_results",
        verbose_name=_("recording authority"),
    )
    category = models.CharField(
        _("result"), max_length=30, choices=reference.category_choices()
    )
    details = models.TextField(_("details"), max_length=2000, blank=True)
    decided_on = models.DateField(_("inspection date"))
    publication_deadline = models.DateField(
        _("publication deadline"), blank=True, editable=False
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ResultState.choices,
        default=ResultState.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"),
        max_length=20,
        choices=ResultWithdrawalReason.choices,
        blank=True,
    )
    withdrawal_note = models.TextField(
        _("withdrawal note"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InspectionResultQuerySet.as_manager()

    class Meta:
        ordering = ["drawn", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["drawn", "item"], name="inspection_result_unique_item"
            )
        ]
        verbose_name = _("inspection result")
        verbose_name_plural = _("inspection results")

    def __str__(self):
        return f"{self.item} — {self.get_category_display()}"

    def save(self, *args, **kwargs):
        # The deadline is the rule's output, never typed in.
        if self.decided_on:
            self.publication_deadline = result_deadline(self.decided_on)
        super().save(*args, **kwargs)

    @property
    def published_on(self) -> datetime.date | None:
        return timezone.localdate(self.published_at) if self.published_at else None

    @property
    def published_on_time(self) -> bool | None:
        """Tell whether it went online within the deadline (None while unpublished)."""
        if self.published_on is None:
            return None
        return self.published_on <= self.publication_deadline

    @property
    def is_late(self) -> bool:
        return self.published_on_time is False

    def clean(self):
        errors = {}
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("The inspection date cannot be after today.")
        if self.state == ResultState.WITHDRAWN and not self.withdrawal_reason:
            errors["withdrawal_reason"] = _("Say why the result is withdrawn.")
        if errors:
            raise ValidationError(errors)
        if self.decided_on:
            self.publication_deadline = result_deadline(self.decided_on)


class ResultVersion(models.Model):
    """A result's values before a correction replaced them."""

    result = models.ForeignKey(
        InspectionResult, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("values"))
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        ordering = ["result", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["result", "version"], name="inspection_result_version_unique"
            )
        ]
        verbose_name = _("result version")
        verbose_name_plural = _("result versions")

    def __str__(self):
        return f"#{self.result_id} v{self.version}"
