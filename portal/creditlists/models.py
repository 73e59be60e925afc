"""Red, black and watch lists, their entries, and the measures attached to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.dates import add_months, local_today
from portal.core.identifiers import IdType
from portal.registry.models import CounterpartCategory


class CreditList(models.Model):
    """A list defined by law or State Council policy (国办发〔2020〕49号)."""

    class Colour(models.TextChoices):
        RED = "red", _("Red list (rewards)")
        BLACK = "black", _("Black list (serious dishonesty)")
        WATCH = "watch", _("Watch list")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    colour = models.CharField(_("colour"), max_length=8, choices=Colour.choices)
    keeper = models.CharField(
        _("keeper"), max_length=100, help_text=_("Who keeps the list.")
    )
    legal_basis = models.TextField(_("legal basis"))
    criteria = models.TextField(_("listing criteria"), blank=True)
    duration = models.CharField(
        _("duration"), max_length=200, help_text=_("How long an entry stays.")
    )
    duration_months = models.PositiveIntegerField(
        _("standard duration (months)"),
        null=True,
        blank=True,
        help_text=_("Empty when the entry lasts until lifted."),
    )
    removal_rules = models.TextField(_("removal rules"))
    repair_rules = models.TextField(_("repair rules"), blank=True)
    lists_minors = models.BooleanField(
        _("may list minors"),
        default=True,
        help_text=_("The dishonest-persons list may not list minors."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("credit list")
        verbose_name_plural = _("credit lists")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("lists:detail", kwargs={"slug": self.slug})


class Measure(models.Model):
    """A joint reward or punishment attached to a list: data, not code."""

    class Kind(models.TextChoices):
        REWARD = "reward", _("Reward")
        RESTRICTION = "restriction", _("Restriction")

    credit_list = models.ForeignKey(
        CreditList,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("list"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    implementing_department = models.CharField(
        _("implementing department"), max_length=200
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    applies_to_representatives = models.BooleanField(
        _("applies to legal representatives"),
        default=False,
        help_text=_("Also binds a listed entity's legal representative."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["credit_list", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_list", "title"], name="measure_unique_title"
            )
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self):
        return self.title


class ListEntryQuerySet(models.QuerySet):
    def current(self, *, today=None):
        """Entries in force today: listed, not removed, not expired."""
        today = today or local_today()
        return self.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today),
            listed_on__lte=today,
            removed_on__isnull=True,
        )


class ListEntry(models.Model):
    """An entity's membership of a list, from listing to removal."""

    class RemovalReason(models.TextChoices):
        OBLIGATIONS_MET = "obligations_met", _("Obligations fulfilled")
        EXPIRED = "expired", _("Listing period ended")
        REPAIRED = "repaired", _("Credit repaired")
        ANNULLED = "annulled", _("Listing annulled")
        OBJECTION_UPHELD = "objection_upheld", _("Objection upheld")
        OTHER = "other", _("Other")

    credit_list = models.ForeignKey(
        CreditList,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("list"),
    )
    entity = models.ForeignKey(
        "registry.Entity",
        on_delete=models.PROTECT,
        related_name="list_entries",
        verbose_name=_("entity"),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="list_entries",
        verbose_name=_("listing authority"),
    )
    reason = models.TextField(_("reason for listing"))
    document_number = models.CharField(_("document number"), max_length=128)
    listed_on = models.DateField(_("listed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(
        _("removal reason"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    removal_note = models.TextField(_("removal note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-listed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_list", "entity", "document_number"],
                name="listentry_unique_document",
                violation_error_message=_(
                    "This entity is already on this list under this document number."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["credit_list", "listed_on"]),
            models.Index(fields=["listed_on", "id"]),
        ]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")

    def __str__(self):
        return f"{self.entity} — {self.credit_list}"

    def clean(self):
        errors = {}
        if self.listed_on and self.listed_on > local_today():
            errors["listed_on"] = _("The listing date cannot be after today.")
        if self.expires_on and self.listed_on and self.expires_on < self.listed_on:
            errors["expires_on"] = _("An entry cannot expire before it is listed.")
        if self.removed_on and self.listed_on and self.removed_on < self.listed_on:
            errors["removed_on"] = _("An entry cannot be removed before it is listed.")
        if self.removed_on and not self.removal_reason:
            errors["removal_reason"] = _("Say why the entry was removed.")
        if self.removal_reason and not self.removed_on:
            errors["removed_on"] = _("Give the date of removal.")
        if self._lists_a_minor():
            errors["entity"] = _("A minor may not be put on this list.")
        if errors:
            raise ValidationError(errors)

    def _lists_a_minor(self) -> bool:
        if not (self.credit_list_id and self.entity_id and self.listed_on):
            return False
        entity = self.entity
        if (
            self.credit_list.lists_minors
            or entity.category != CounterpartCategory.NATURAL_PERSON
            or entity.id_type != IdType.RESIDENT_ID
        ):
            return False
        born = identifiers.resident_id_birth_date(entity.id_number)
        return self.listed_on < add_months(born, 18 * 12)

    @property
    def is_current(self) -> bool:
        today = local_today()
        return (
            self.removed_on is None
            and self.listed_on <= today
            and (self.expires_on is None or self.expires_on >= today)
        )
