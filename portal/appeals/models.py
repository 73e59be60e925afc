"""Appeals: the case, its timeline, its evidence files, and case numbering."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.appeals import evidence
from portal.appeals.choices import (
    OPEN_STATUSES,
    AppealKind,
    Capacity,
    EventKind,
    EvidenceRole,
    Ground,
    Outcome,
    RecordType,
    Remedy,
    Status,
)
from portal.core.storage import private_storage


class AppealQuerySet(models.QuerySet):
    def open(self):
        """Cases not decided yet, whatever they wait for."""
        return self.filter(status__in=OPEN_STATUSES)

    def about(self, record_type: str, record_id: int):
        return self.filter(record_type=record_type, record_id=record_id)


class Appeal(models.Model):
    """An objection to a public record, or an application for its credit repair.

    The applicant's name, contact and files are read only by the appeals
    handlers of the authority that owns the record; the public sees at most
    that a case about the record is open.
    """

    number = models.CharField(_("tracking number"), max_length=20, unique=True)
    # Only a hash of the applicant's secret is kept: the number and the secret
    # together open the case's tracking page.
    secret_hash = models.CharField(_("secret (hash)"), max_length=64)
    # The form carries a random token: a second submission of the same form
    # (double click, refresh, back and resend) finds the first case. Hashed,
    # since the secret is derived from it.
    token_hash = models.CharField(
        _("submission token (hash)"), max_length=64, unique=True
    )

    kind = models.CharField(_("kind"), max_length=10, choices=AppealKind.choices)
    ground = models.CharField(
        _("ground"), max_length=20, choices=Ground.choices, blank=True
    )
    record_type = models.CharField(
        _("record type"), max_length=10, choices=RecordType.choices
    )
    record_id = models.PositiveBigIntegerField(_("record ID"))
    record_label = models.CharField(
        _("record"),
        max_length=200,
        help_text=_("Its decision or document number when the case was filed."),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("handling authority"),
    )

    applicant_name = models.CharField(_("applicant"), max_length=100)
    capacity = models.CharField(
        _("applies as"), max_length=16, choices=Capacity.choices
    )
    contact_email = models.EmailField(_("email"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    statement = models.TextField(_("statement"))
    language = models.CharField(_("language"), max_length=10)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    due_on = models.DateField(
        _("answer due by"),
        null=True,
        blank=True,
        help_text=_("Empty while the case waits for the applicant."),
    )
    # The deadline is `clock_days` working days after `clock_from`; both are
    # kept so that a calendar override saved later moves it.
    clock_from = models.DateField(_("deadline counted from"), null=True, blank=True)
    clock_days = models.PositiveIntegerField(
        _("working days allowed"), null=True, blank=True
    )
    # Working days left when more material was asked for: the clock stops
    # while the applicant gathers it and restarts with these when it arrives.
    paused_days = models.PositiveIntegerField(
        _("working days left when paused"), null=True, blank=True
    )

    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    remedy = models.CharField(
        _("effect on the record"), max_length=16, choices=Remedy.choices, blank=True
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_in_time = models.BooleanField(_("decided in time"), null=True, blank=True)
    handling_days = models.PositiveIntegerField(
        _("handling time (working days)"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["authority", "status", "due_on"]),
            models.Index(fields=["record_type", "record_id", "status"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["decided_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact_email="", contact_phone=""),
                name="appeal_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(kind=AppealKind.REPAIR, ground="")
                | Q(kind=AppealKind.OBJECTION) & ~Q(ground=""),
                name="appeal_ground_matches_kind",
            ),
        ]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        """Return the tracking page (which asks for the secret first)."""
        return reverse("appeals:case", kwargs={"number": self.number})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def title(self) -> str:
        if self.kind == AppealKind.REPAIR:
            return str(AppealKind.REPAIR.label)
        return f"{AppealKind.OBJECTION.label}: {self.get_ground_display()}"

    @property
    def contact(self) -> str:
        return self.contact_email or self.contact_phone


class AppealEvent(models.Model):
    """One step of a case, as the applicant's timeline shows it."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    kind = models.CharField(_("step"), max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(_("at"))
    # Written to the applicant (what is needed, the reasons); shown on the
    # tracking page and in the email.
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status after"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("The official; empty for the applicant."),
    )

    class Meta:
        ordering = ["appeal", "at", "pk"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")

    def __str__(self):
        return f"{self.appeal} {self.get_kind_display()}"


def _evidence_path(evidence, filename):
    # The stored name is random: an applicant's file name says nothing to the
    # file system, and two uploads never collide.
    return f"appeals/{evidence.uploaded_at:%Y/%m}/{evidence.stored_name}"


class Evidence(models.Model):
    """A file an applicant sent, kept privately and read only by the handlers."""

    appeal = models.ForeignKey(
        Appeal,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("case"),
    )
    event = models.ForeignKey(
        AppealEvent,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("sent with"),
    )
    role = models.CharField(
        _("what it is"), max_length=12, choices=EvidenceRole.choices
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=_evidence_path, max_length=200
    )
    stored_name = models.CharField(_("stored as"), max_length=80)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["appeal", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name officials download it under: the portal's, by detected type."""
        return evidence.download_name(self.pk, self.content_type)


class AppealSequence(models.Model):
    """The last tracking number given out in a year: 2026-000123 is the 123rd."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("tracking number sequence")
        verbose_name_plural = _("tracking number sequences")

    def __str__(self):
        return f"{self.year}: {self.last}"
