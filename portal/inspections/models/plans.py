"""Inspection plans (抽查计划): what is inspected, among whom, by how many."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.inspections.choices import PlanState, Stratification
from portal.registry.models import CounterpartCategory

_CODE = RegexValidator(r"^[0-9A-Za-z_.:-]+$", _("Use only letters, digits and _ . : -"))


class InspectionPlanQuerySet(models.QuerySet):
    def of_authority(self, authority):
        """Plans the authority leads or joins as a partner."""
        return self.filter(Q(authority=authority) | Q(partners=authority)).distinct()

    def published(self):
        """Plans whose pools and commitment are public (committed or later)."""
        return self.exclude(state=PlanState.DRAFT)


class InspectionPlan(models.Model):
    """A random-inspection plan of one authority, or several jointly."""

    number = models.CharField(
        _("plan number"),
        max_length=64,
        help_text=_("As the authority numbers it, e.g. 杭市监抽〔2026〕3号."),
    )
    title = models.CharField(_("title"), max_length=200)
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        verbose_name=_("lead authority"),
    )
    partners = models.ManyToManyField(
        "registry.Authority",
        blank=True,
        related_name="joint_inspection_plans",
        verbose_name=_("partner authorities"),
        help_text=_("Other departments of a joint inspection (部门联合抽查)."),
    )
    # The population: a filter over registry entities, kept as fields so the
    # frozen pool can be rebuilt and explained.
    region_prefix = models.CharField(
        _("region code prefix"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{0,6}$", _("Up to six digits."))],
        help_text=_("Entities whose region code starts with it; empty for all."),
    )
    category = models.CharField(
        _("counterpart category"),
        max_length=20,
        choices=CounterpartCategory.choices,
        blank=True,
        help_text=_("Empty for every category."),
    )
    stratification = models.CharField(
        _("strata"),
        max_length=10,
        choices=Stratification.choices,
        default=Stratification.ALL,
    )
    team_size = models.PositiveSmallIntegerField(
        _("inspectors per team"),
        default=2,
        validators=[MinValueValidator(2)],
    )
    starts_on = models.DateField(_("inspections start"))
    ends_on = models.DateField(_("inspections end"))
    public_value_source = models.CharField(
        _("public value"),
        max_length=300,
        help_text=_(
            "Which public value seeds the draw and when it will exist, e.g. the "
            "welfare lottery 3D draw result of a named date."
        ),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=PlanState.choices,
        default=PlanState.DRAFT,
        db_index=True,
    )
    commitment = models.CharField(_("commitment"), max_length=64, blank=True)
    public_value = models.CharField(
        _("public value entered"), max_length=300, blank=True
    )
    seed = models.CharField(_("seed"), max_length=64, blank=True)
    committed_at = models.DateTimeField(_("committed at"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number"],
                name="inspection_plan_unique_number",
                violation_error_message=_(
                    "This authority already has a plan with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(team_size__gte=2), name="inspection_plan_team_of_two"
            ),
        ]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")

    def __str__(self):
        return f"{self.number} {self.title}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The schedule cannot end before it starts.")}
            )

    def is_led_by(self, authority) -> bool:
        return self.authority_id == getattr(authority, "pk", None)

    def involves(self, authority) -> bool:
        """Tell whether the authority leads the plan or is one of its partners."""
        return (
            self.is_led_by(authority)
            or self.partners.filter(pk=getattr(authority, "pk", None)).exists()
        )


class InspectionItem(models.Model):
    """One item of the inspection list (抽查事项), with its legal basis."""

    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("plan"),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible authority"),
        help_text=_("The lead or a partner: it records this item's results."),
    )
    title = models.CharField(_("inspection item"), max_length=200)
    legal_basis = models.TextField(_("legal basis"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("inspection item")
        verbose_name_plural = _("inspection items")

    def __str__(self):
        return self.title


class PlanStratum(models.Model):
    """The sample size of one stratum of a plan's population."""

    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.CASCADE,
        related_name="strata",
        verbose_name=_("plan"),
    )
    label = models.CharField(
        _("stratum"),
        max_length=20,
        validators=[_CODE],
        help_text=_("A six-digit region code, or “all” for one stratum."),
    )
    size = models.PositiveIntegerField(_("sample size"))

    class Meta:
        ordering = ["plan", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "label"], name="inspection_stratum_unique_label"
            )
        ]
        verbose_name = _("stratum")
        verbose_name_plural = _("strata")

    def __str__(self):
        return f"{self.label}: {self.size}"


class PlanSecret(models.Model):
    """The secret behind a plan's commitment, read only by the draw service.

    Kept apart from the plan so that no form, admin page, serializer or
    `values()` of plans can reach it; not registered in the admin and left out
    of serialization (`serialize=False`). It becomes public in draw.json.
    """

    plan = models.OneToOneField(
        InspectionPlan, on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    value = models.CharField(max_length=64, editable=False, serialize=False)

    def __str__(self):
        return f"secret of plan #{self.plan_id}"

    def __repr__(self):
        return f"<PlanSecret plan={self.plan_id}>"
