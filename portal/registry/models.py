"""Regions (GB/T 2260), authorities and the entities records are about."""

import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.identifiers import IdType


class Region(models.Model):
    """An administrative division with its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture-level city")
        COUNTY = "county", _("County or district")

    code = models.CharField(
        _("region code"),
        max_length=6,
        unique=True,
        validators=[identifiers.validate_region_code],
        help_text=_("Six-digit GB/T 2260 code, e.g. 330100 for Hangzhou."),
    )
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id and self.parent.level == self.level:
            raise ValidationError(
                {"parent": _("A region cannot sit under one of its own level.")}
            )


# Digits, spaces, hyphens, parentheses, a leading + and an extension after 转 or
# ext, 7 to 30 characters in all; or a 5-digit government hotline (12345, 12315).
_PHONE = re.compile(
    r"^(?=.{7,30}$)(?=(?:\D*\d){5})\+?[\d\s()\-]*\d[\d\s()\-]*(?:(?:转|ext\.?)\s*\d+)?$"
    r"|^12\d{3}$",
    re.IGNORECASE,
)
validate_phone = RegexValidator(
    _PHONE,
    _(
        "Enter a phone number of 7 to 30 characters: digits, spaces, hyphens, "
        "parentheses, a leading + and an extension after 转 or ext. A 5-digit "
        "hotline such as 12345 is accepted too."
    ),
    code="invalid_phone",
)
_EXTENSION = re.compile(r"(?:转|ext\.?)", re.IGNORECASE)


class Authority(models.Model):
    """A government department that decides permits, penalties or listings."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        MUNICIPAL = "municipal", _("Municipal")
        COUNTY = "county", _("County")

    class Kind(models.TextChoices):
        MARKET_REGULATION = "market_regulation", _("Market regulation")
        TAX = "tax", _("Taxation")
        ECOLOGY_ENVIRONMENT = "ecology_environment", _("Ecology and environment")
        EMERGENCY_MANAGEMENT = "emergency_management", _("Emergency management")
        HOUSING_CONSTRUCTION = "housing_construction", _("Housing and construction")
        TRANSPORT = "transport", _("Transport")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")
        AGRICULTURE = "agriculture", _("Agriculture and rural affairs")
        NATURAL_RESOURCES = "natural_resources", _("Natural resources")
        PUBLIC_SECURITY = "public_security", _("Public security")
        HUMAN_RESOURCES = "human_resources", _("Human resources and social security")
        WATER = "water", _("Water resources")
        COMMERCE = "commerce", _("Commerce")
        DEVELOPMENT_REFORM = "development_reform", _("Development and reform")
        FINANCE = "finance", _("Finance")
        CUSTOMS = "customs", _("Customs")
        COURT = "court", _("People's court")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    uscc = identifiers.CodeField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[identifiers.validate_uscc],
        help_text=_("Government bodies' codes start with 11."),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="authorities",
        verbose_name=_("region"),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    kind = models.CharField(_("department kind"), max_length=30, choices=Kind.choices)
    # Where citizens object and apply for repair: a public contact point of
    # the department, not a person.
    contact_office = models.CharField(
        _("contact office"),
        max_length=100,
        blank=True,
        help_text=_(
            "The unit that handles objections and credit repair, e.g. "
            "信用修复受理窗口 or 法制科."
        ),
    )
    contact_phone = models.CharField(
        _("contact phone"),
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text=_("E.g. 0571-87654321, or 0571-87654321转8012 with an extension."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        max_length=254,
        blank=True,
        error_messages={
            "invalid": _("Enter an email address such as xyxf@scjg.hangzhou.gov.cn.")
        },
    )
    contact_address = models.CharField(
        _("contact address"),
        max_length=200,
        blank=True,
        help_text=_("Postal address for letters and for handing in documents."),
    )
    contact_hours = models.CharField(
        _("opening hours"),
        max_length=100,
        blank=True,
        help_text=_("Short free text, e.g. 工作日 9:00–12:00，13:30–17:00."),
    )

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authorities:detail", kwargs={"pk": self.pk})

    @property
    def has_contact(self) -> bool:
        """Tell whether any contact for objections and repair is published."""
        return any(
            (
                self.contact_office,
                self.contact_phone,
                self.contact_email,
                self.contact_address,
                self.contact_hours,
            )
        )

    @property
    def contact_phone_uri(self) -> str:
        """Return the phone number as a tel: link, a pause before any extension."""
        if not self.contact_phone:
            return ""
        number, *extension = _EXTENSION.split(self.contact_phone, maxsplit=1)
        digits = re.sub(r"[^\d+]", "", number)
        if extension and (ext := re.sub(r"\D", "", extension[0])):
            digits += "," + ext
        return "tel:" + digits


class CounterpartCategory(models.TextChoices):
    """行政相对人类别: exactly three in the national format."""

    ORGANISATION = "organisation", _("Legal person or unincorporated organisation")
    NATURAL_PERSON = "natural_person", _("Natural person")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business")


class EntityQuerySet(models.QuerySet):
    def by_id_number(self, id_type: str, number: str):
        """Match a full ID number through its keyed hash, never its clear text."""
        digest = identifiers.identity_hash(id_type, number)
        return self.filter(Q(id_hash=digest) | Q(legal_rep_id_hash=digest))


_OPAQUE_PREFIX = "p"  # lower case: a USCC never starts with it


def new_opaque_key() -> str:
    """Return a public key for an entity that has no USCC to show."""
    return _OPAQUE_PREFIX + secrets.token_hex(8)


class Entity(models.Model):
    """A counterpart (行政相对人): an organisation, business or natural person.

    `key` is what public URLs use: the USCC where there is one, otherwise an
    opaque token, so an ID number never appears in a URL.
    """

    key = models.CharField(
        _("public key"), max_length=20, unique=True, blank=True, editable=False
    )
    category = models.CharField(
        _("counterpart category"), max_length=20, choices=CounterpartCategory.choices
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    former_names = models.JSONField(
        _("former names"), default=list, blank=True, help_text=_("Earlier names.")
    )
    # The name and legal representative are those of the most recent decision
    # about the counterpart (portal.publishing.services.entities); this is
    # that decision's date, so an older one never overwrites them.
    details_as_of = models.DateField(
        _("details as of"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Decision date of the record the current name comes from."),
    )
    uscc = identifiers.CodeField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        help_text=_(
            "18 characters. Individual businesses without one give "
            "00000000000000000X and their business registration number."
        ),
    )
    business_registration_number = identifiers.CodeField(
        _("business registration number"), max_length=15, blank=True
    )
    organisation_code = identifiers.CodeField(
        _("organisation code"), max_length=10, blank=True
    )
    tax_registration_number = identifiers.CodeField(
        _("tax registration number"), max_length=20, blank=True
    )
    institution_certificate_number = identifiers.CodeField(
        _("public institution certificate number"), max_length=30, blank=True
    )
    social_organisation_number = identifiers.CodeField(
        _("social organisation registration number"), max_length=30, blank=True
    )
    legal_representative = models.CharField(
        _("legal representative"), max_length=100, blank=True
    )
    legal_rep_id_type = models.CharField(
        _("legal representative's ID type"),
        max_length=30,
        choices=IdType.choices,
        blank=True,
    )
    legal_rep_id_number = identifiers.CodeField(
        _("legal representative's ID number"),
        max_length=30,
        blank=True,
        help_text=_("Seen by officials only; the public sees the masked form."),
    )
    legal_rep_id_masked = models.CharField(
        _("legal representative's ID number (masked)"),
        max_length=30,
        blank=True,
        editable=False,
    )
    legal_rep_id_hash = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    id_type = models.CharField(
        _("ID type"), max_length=30, choices=IdType.choices, blank=True
    )
    id_type_other = models.CharField(
        _("other ID type"),
        max_length=50,
        blank=True,
        help_text=_("The document's name when the type is Other."),
    )
    id_number = identifiers.CodeField(
        _("ID number"),
        max_length=30,
        blank=True,
        help_text=_("Seen by officials only; the public sees the masked form."),
    )
    id_masked = models.CharField(
        _("ID number (masked)"), max_length=30, blank=True, editable=False
    )
    id_hash = models.CharField(max_length=64, blank=True, editable=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        verbose_name=_("region"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~Q(uscc="") & ~Q(uscc=identifiers.USCC_PLACEHOLDER),
                name="entity_unique_uscc",
                violation_error_message=_(
                    "An entity with this unified social credit code already exists."
                ),
            ),
            models.UniqueConstraint(
                fields=["id_hash"],
                condition=~Q(id_hash=""),
                name="entity_unique_id_hash",
                violation_error_message=_(
                    "A person with this ID number already exists."
                ),
            ),
        ]
        indexes = [
            # Individual businesses with the placeholder USCC are known by it:
            # imports and the entity finder look them up.
            models.Index(
                fields=["business_registration_number"],
                name="entity_registration_number",
            )
        ]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Masked forms and hashes must never go stale against the number,
        # whichever path wrote the entity.
        self.derive_identity_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("entities:detail", kwargs={"key": self.key})

    @property
    def is_person(self) -> bool:
        return self.category == CounterpartCategory.NATURAL_PERSON

    @property
    def public_name(self) -> str:
        """Return the name as shown publicly: a person's given name is hidden."""
        if self.is_person:
            return identifiers.mask_person_name(self.name)
        return self.name

    def clean(self):
        errors: dict[str, list] = {}

        def fail(field, message, code):
            errors.setdefault(field, []).append(ValidationError(message, code=code))

        def check(field, validator):
            try:
                setattr(self, field, validator(getattr(self, field)))
            except ValidationError as error:
                errors.setdefault(field, []).append(error)

        placeholder = identifiers.is_uscc_placeholder(self.uscc)
        if placeholder:
            self.uscc = identifiers.USCC_PLACEHOLDER
            if self.category != CounterpartCategory.INDIVIDUAL_BUSINESS:
                fail(
                    "uscc",
                    _("Only individual businesses may use the placeholder code."),
                    "uscc_placeholder",
                )
            elif not self.business_registration_number:
                fail(
                    "business_registration_number",
                    _(
                        "An individual business using the placeholder code must give "
                        "its business registration number."
                    ),
                    "required",
                )
        elif self.uscc:
            check("uscc", identifiers.validate_uscc)
        if self.business_registration_number:
            check(
                "business_registration_number",
                identifiers.validate_business_registration_number,
            )

        if self.category == CounterpartCategory.NATURAL_PERSON:
            if self.uscc:
                fail(
                    "uscc", _("A natural person has no social credit code."), "invalid"
                )
            if not self.id_type:
                fail(
                    "id_type", _("A natural person's ID type is required."), "required"
                )
            if not self.id_number:
                fail(
                    "id_number",
                    _("A natural person's ID number is required."),
                    "required",
                )
        else:
            if not self.uscc:
                fail(
                    "uscc",
                    _(
                        "An organisation or individual business needs its unified "
                        "social credit code."
                    ),
                    "required",
                )
            if (
                self.category == CounterpartCategory.ORGANISATION
                and not self.legal_representative
            ):
                fail(
                    "legal_representative",
                    _("An organisation's legal representative is required."),
                    "required",
                )
        if self.id_type == IdType.OTHER and not self.id_type_other:
            fail("id_type_other", _("Name the kind of document."), "required")
        if self.id_number and self.id_type:
            try:
                self.id_number = identifiers.validate_id_number(
                    self.id_type, self.id_number
                )
            except ValidationError as error:
                errors.setdefault("id_number", []).append(error)
        if self.legal_rep_id_number:
            if not self.legal_rep_id_type:
                fail("legal_rep_id_type", _("Give the ID type."), "required")
            else:
                try:
                    self.legal_rep_id_number = identifiers.validate_id_number(
                        self.legal_rep_id_type, self.legal_rep_id_number
                    )
                except ValidationError as error:
                    errors.setdefault("legal_rep_id_number", []).append(error)
        if errors:
            raise ValidationError(errors)
        self.derive_identity_fields()

    def derive_identity_fields(self) -> None:
        """Fill the public key, the masked numbers and the lookup hashes."""
        if self.id_number:
            self.id_masked = identifiers.mask_id_number(self.id_type, self.id_number)
            self.id_hash = identifiers.identity_hash(self.id_type, self.id_number)
        else:
            self.id_masked = self.id_hash = ""
        if self.legal_rep_id_number:
            self.legal_rep_id_masked = identifiers.mask_id_number(
                self.legal_rep_id_type, self.legal_rep_id_number
            )
            self.legal_rep_id_hash = identifiers.identity_hash(
                self.legal_rep_id_type, self.legal_rep_id_number
            )
        else:
            self.legal_rep_id_masked = self.legal_rep_id_hash = ""
        if self.uscc and self.uscc != identifiers.USCC_PLACEHOLDER:
            self.key = self.uscc
        elif not self.key.startswith(_OPAQUE_PREFIX):
            self.key = new_opaque_key()
