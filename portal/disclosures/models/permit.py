from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.disclosures.choices import PermitCategory, PermitStatus
from portal.disclosures.fields import LimitedTextField
from portal.disclosures.models.base import DisclosureRecord


class Permit(DisclosureRecord):
    """An administrative permit decision (行政许可), national format XK_*."""

    document_title = models.CharField(_("decision document title"), max_length=200)
    category = models.CharField(
        _("permit category"), max_length=20, choices=PermitCategory.choices
    )
    category_other = models.CharField(
        _("other permit category"),
        max_length=100,
        blank=True,
        help_text=_("Names the kind of permit when the category is Other."),
    )
    certificate_name = models.CharField(
        _("certificate name"), max_length=200, blank=True
    )
    certificate_number = models.CharField(
        _("certificate number"), max_length=128, blank=True
    )
    content = LimitedTextField(_("content of the permit"), max_length=4000)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Empty for a permit valid indefinitely (长期)."),
    )
    permit_status = models.CharField(
        _("permit status"),
        max_length=12,
        choices=PermitStatus.choices,
        default=PermitStatus.VALID,
    )

    class Meta(DisclosureRecord.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "decision_number"],
                name="permit_unique_decision_number",
                violation_error_message=_(
                    "This authority has already recorded a permit with this "
                    "decision number."
                ),
            )
        ]
        indexes = [
            # The collections' default order (newest decision first), covering
            # the usual filters so a page is found without reading rows.
            models.Index(
                fields=["decided_on", "id", "state", "region_code", "category"],
                name="permit_newest_first",
            ),
            # Covers a region's page of public permits, newest first (see
            # CappedPaginator).
            models.Index(
                fields=["region_code", "decided_on", "state", "category"],
                name="permit_region_listing",
            ),
            models.Index(fields=["published_at"]),
            models.Index(fields=["state", "decided_on"]),
            models.Index(fields=["authority", "decided_on"]),
            # Feeds of new and changed records, overall and per authority.
            models.Index(fields=["updated_at"]),
            models.Index(fields=["authority", "updated_at"]),
        ]
        verbose_name = _("administrative permit")
        verbose_name_plural = _("administrative permits")

    def get_absolute_url(self):
        return reverse("permits:detail", kwargs={"pk": self.pk})

    def clean_record(self, fail):
        if self.category == PermitCategory.OTHER and not self.category_other:
            fail("category_other", _("Name the kind of permit."), "required")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            fail(
                "valid_until",
                _("A permit cannot end before it starts to be valid."),
            )
