from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.disclosures.choices import PenaltyCategory, Severity
from portal.disclosures.fields import LimitedTextField, PenaltyCategoriesField
from portal.disclosures.models.base import DisclosureQuerySet, DisclosureRecord
from portal.disclosures.publicity import explain, publicity_window

_amount = {
    "max_digits": 18,
    "decimal_places": 6,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0)],
}


class PenaltyQuerySet(DisclosureQuerySet):
    def with_category(self, category: str):
        return self.filter(categories__contains=f",{category},")


class Penalty(DisclosureRecord):
    """An administrative penalty decision (行政处罚), national format CF_*."""

    violation_type = models.CharField(_("type of violation"), max_length=200)
    facts = LimitedTextField(_("facts of the violation"), max_length=5000)
    legal_basis = LimitedTextField(_("legal basis"), max_length=2048)
    categories = PenaltyCategoriesField(
        _("penalty categories"), help_text=_("One or more.")
    )
    content = LimitedTextField(
        _("penalty content"),
        max_length=4000,
        help_text=_("As decided, e.g. 罚款2000元."),
    )
    fine_amount = models.DecimalField(
        _("fine (10,000 yuan)"),
        help_text=_("In units of 10,000 yuan: 2,000 yuan is 0.2."),
        **_amount,
    )
    confiscated_amount = models.DecimalField(
        _("confiscated amount (10,000 yuan)"), **_amount
    )
    licence_affected = models.CharField(
        _("suspended or revoked licence"),
        max_length=200,
        blank=True,
        help_text=_("Name and number of the licence suspended or revoked."),
    )
    effect_until = models.DateField(_("end of the penalty's effect"))
    declared_publicity_end = models.DateField(
        _("declared end of publicity"),
        null=True,
        blank=True,
        help_text=_("As sent by the authority; the portal computes its own."),
    )
    severity = models.CharField(
        _("severity"),
        max_length=10,
        choices=Severity.choices,
        default=Severity.GENERAL,
    )
    publicity_rule = models.CharField(
        _("publicity rule"), max_length=10, blank=True, editable=False
    )
    repair_from = models.DateField(
        _("repair possible from"), blank=True, editable=False
    )
    public_until = models.DateField(
        _("public until"), blank=True, editable=False, db_index=True
    )

    objects = PenaltyQuerySet.as_manager()
    # After its maximum period a penalty leaves public view by itself.
    publicity_end_field = "public_until"

    class Meta(DisclosureRecord.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "decision_number"],
                name="penalty_unique_decision_number",
                violation_error_message=_(
                    "This authority has already recorded a penalty with this "
                    "decision number."
                ),
            )
        ]
        indexes = [
            # The collections' default order (newest decision first), covering
            # the usual filters so a page is found without reading rows.
            models.Index(
                fields=[
                    "decided_on",
                    "id",
                    "state",
                    "public_until",
                    "region_code",
                    "categories",
                ],
                name="penalty_newest_first",
            ),
            # Covers a region's page of public penalties, newest first, and its
            # count, without reading the rows (see CappedPaginator).
            models.Index(
                fields=[
                    "region_code",
                    "decided_on",
                    "state",
                    "public_until",
                    "categories",
                ],
                name="penalty_region_listing",
            ),
            models.Index(fields=["published_at"]),
            models.Index(fields=["fine_amount", "id"]),
            models.Index(fields=["state", "decided_on"]),
            models.Index(fields=["authority", "decided_on"]),
            # Feeds of new and changed records, overall and per authority.
            models.Index(fields=["updated_at"]),
            models.Index(fields=["authority", "updated_at"]),
        ]
        verbose_name = _("administrative penalty")
        verbose_name_plural = _("administrative penalties")

    def get_absolute_url(self):
        return reverse("penalties:detail", kwargs={"pk": self.pk})

    @property
    def category_labels(self) -> list[str]:
        """Return the categories' labels in the active language."""
        return [PenaltyCategory(value).label for value in self.categories or []]

    @property
    def publicity_explanation(self) -> str:
        """Return what the stored publicity rule means for this penalty, in words."""
        return explain(rule=self.publicity_rule, severity=self.severity)

    def derive_rule_fields(self):
        super().derive_rule_fields()
        if self.decided_on and self.severity:
            window = publicity_window(
                decided_on=self.decided_on, severity=self.severity
            )
            self.publicity_rule = window.rule
            self.repair_from = window.repair_from
            self.public_until = window.public_until

    def clean_record(self, fail):
        categories = self.categories or []
        if PenaltyCategory.FINE in categories and self.fine_amount is None:
            fail("fine_amount", _("A fine was imposed: give its amount."), "required")
        if self.fine_amount and PenaltyCategory.FINE not in categories:
            fail(
                "categories",
                _("A fine amount is given, so the categories must include Fine."),
            )
        if (
            self.decided_on
            and self.effect_until
            and self.effect_until < self.decided_on
        ):
            fail(
                "effect_until",
                _("A penalty's effect cannot end before its decision date."),
            )
