"""Enumerations of dual public disclosure (DOMAIN.md §1.3), with national labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """The two kinds of dual-disclosure record: everywhere a kind is named
    (officials' area, search, URLs), its value is one of these."""

    PERMIT = "permit", _("Administrative permit")
    PENALTY = "penalty", _("Administrative penalty")


class PermitCategory(models.TextChoices):
    """许可类别."""

    ORDINARY = "ordinary", _("Ordinary")
    FRANCHISE = "franchise", _("Franchise")
    RECOGNITION = "recognition", _("Recognition")
    APPROVAL = "approval", _("Approval")
    REGISTRATION = "registration", _("Registration")
    OTHER = "other", _("Other")


class PermitStatus(models.TextChoices):
    """当前状态 of a permit itself (not of its publication)."""

    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class PenaltyCategory(models.TextChoices):
    """处罚类别: the 2021 Administrative Penalty Law's list, then the older one."""

    WARNING = "warning", _("Warning")
    PUBLIC_CRITICISM = "public_criticism", _("Public criticism")
    FINE = "fine", _("Fine")
    CONFISCATE_GAINS = "confiscate_gains", _("Confiscation of illegal gains")
    CONFISCATE_PROPERTY = "confiscate_property", _("Confiscation of illegal property")
    SUSPEND_PERMIT = "suspend_permit", _("Suspension of permit")
    LOWER_QUALIFICATION = "lower_qualification", _("Lowering of qualification grade")
    REVOKE_PERMIT = "revoke_permit", _("Revocation of permit")
    RESTRICT_OPERATIONS = "restrict_operations", _("Restriction of business activities")
    SUSPEND_OPERATIONS = (
        "suspend_operations",
        _("Order to suspend production or business"),
    )
    ORDER_CLOSURE = "order_closure", _("Order to close")
    RESTRICT_PRACTICE = "restrict_practice", _("Restriction from practising")
    DETENTION = "detention", _("Administrative detention")
    OTHER = "other", _("Other")
    # Pre-2021 categories, kept so old records stay readable.
    LEGACY_SUSPEND_OR_REVOKE_PERMIT = (
        "legacy_suspend_or_revoke_permit",
        _("Suspension or revocation of permit (before 2021)"),
    )
    LEGACY_SUSPEND_OR_REVOKE_LICENCE = (
        "legacy_suspend_or_revoke_licence",
        _("Suspension or revocation of business licence (before 2021)"),
    )


class Severity(models.TextChoices):
    """The class that sets how long a penalty stays public (DOMAIN.md §2)."""

    MINOR = "minor", _("Minor")
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class RecordState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WithdrawalReason(models.TextChoices):
    ANNULLED = "annulled", _("Decision changed, revoked or annulled")
    REPAIR_GRANTED = "repair_granted", _("Credit repair granted")
    OBJECTION_UPHELD = "objection_upheld", _("Objection upheld")
    PUBLICITY_ENDED = "publicity_ended", _("Publicity period ended")


PUBLIC_STATES = (RecordState.PUBLISHED, RecordState.CORRECTED)
