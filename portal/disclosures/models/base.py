"""What permits and penalties share: counterpart, authority, lifecycle, timeliness."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core import identifiers
from portal.core.dates import local_today
from portal.core.workdays import get_calendar
from portal.disclosures.choices import PUBLIC_STATES, RecordState, WithdrawalReason
from portal.disclosures.fields import LimitedTextField
from portal.disclosures.removal import Removal, RemovalKind


class DisclosureQuerySet(models.QuerySet):
    """The one visibility rule, as filters (`DisclosureRecord` says it per row).

    A record that went online is either public or removed: removed when it was
    withdrawn, or when its publicity period ended before `today` (only record
    types with `publicity_end_field` have one: penalties, not permits).
    """

    def public(self, *, today: datetime.date | None = None):
        """Published or corrected, not withdrawn, and within any publicity period."""
        queryset = self.filter(state__in=PUBLIC_STATES)
        if field := self.model.publicity_end_field:
            queryset = queryset.filter(**{f"{field}__gte": today or local_today()})
        return queryset

    def withdrawn(self):
        return self.filter(state=RecordState.WITHDRAWN)

    def expired(self, *, today: datetime.date | None = None):
        """Still marked public, but past the end of the publicity period.

        The daily housekeeping withdraws them; until it does, they are removed
        all the same.
        """
        field = self.model.publicity_end_field
        if field is None:
            return self.none()
        return self.filter(
            state__in=PUBLIC_STATES, **{f"{field}__lt": today or local_today()}
        )

    def removed(self, *, today: datetime.date | None = None):
        """Went online and is no longer public: withdrawn, or expired."""
        return self.withdrawn() | self.expired(today=today)

    def published_on_time(self):
        return self.filter(published_at__date__lte=models.F("publication_deadline"))


def _deadline_help_text() -> str:
    return gettext("The decision date plus %(days)s working days.") % {
        "days": settings.PUBLICATION_DEADLINE_WORKING_DAYS
    }


class DisclosureRecord(models.Model):
    """A decision put online under dual public disclosure (abstract)."""

    entity = models.ForeignKey(
        "registry.Entity",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("counterpart"),
    )
    # The counterpart as this decision names it (XK_XDR_MC / CF_XDR_MC, and the
    # legal representative): a record keeps what was decided, whatever later
    # decisions, of this authority or another, call the counterpart.
    counterpart_name = models.CharField(
        _("counterpart name"),
        max_length=200,
        help_text=_("As the decision names the counterpart."),
    )
    legal_representative = models.CharField(
        _("legal representative"),
        max_length=100,
        blank=True,
        help_text=_("As the decision names them."),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("deciding authority"),
    )
    # Copied from the authority so that filtering and statistics by region need
    # no join: a prefix of it selects a province or a city.
    region_code = models.CharField(
        _("region code"),
        max_length=6,
        blank=True,
        editable=False,
        help_text=_("GB/T 2260 code of the deciding authority's region."),
    )
    decision_number = models.CharField(_("decision number"), max_length=128)
    decided_on = models.DateField(_("decision date"))
    data_source_name = models.CharField(_("data source unit"), max_length=200)
    data_source_uscc = identifiers.CodeField(
        _("data source unit's code"),
        max_length=18,
        validators=[identifiers.validate_uscc],
    )
    remarks = LimitedTextField(_("remarks"), max_length=512, blank=True)

    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RecordState.choices,
        default=RecordState.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Derived fields are blank=True only so that field validation, which runs
    # before clean() derives them, lets them through; the column is NOT NULL.
    publication_deadline = models.DateField(
        _("publication deadline"),
        blank=True,
        editable=False,
        help_text=lazy(_deadline_help_text, str)(),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(
        _("withdrawal reason"),
        max_length=20,
        choices=WithdrawalReason.choices,
        blank=True,
    )
    withdrawal_note = LimitedTextField(
        _("withdrawal note"), max_length=2000, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DisclosureQuerySet.as_manager()

    # The field holding the last day in public view, for a record type whose
    # publicity ends by itself; None: public until withdrawn.
    publicity_end_field: str | None = None

    class Meta:
        abstract = True
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return self.decision_number

    def save(self, *args, **kwargs):
        # The deadline is a rule's output, never typed in, whatever path saves.
        self.derive_rule_fields()
        super().save(*args, **kwargs)

    @property
    def counterpart_public_name(self) -> str:
        """Return the decided name as shown publicly (a person's masked)."""
        if self.entity.is_person:
            return identifiers.mask_person_name(self.counterpart_name)
        return self.counterpart_name

    @property
    def publicity_end(self) -> datetime.date | None:
        """Return the last day in public view (None: public until withdrawn)."""
        field = self.publicity_end_field
        return getattr(self, field) if field else None

    def removal(self, *, today: datetime.date | None = None) -> Removal | None:
        """Say why this record, once online, is no longer public.

        None while it is public, and for a draft (never online).
        """
        if self.state == RecordState.WITHDRAWN:
            return Removal(
                kind=RemovalKind.WITHDRAWN,
                on=timezone.localdate(self.withdrawn_at) if self.withdrawn_at else None,
                reason=self.withdrawal_reason,
                note=self.withdrawal_note,
            )
        end = self.publicity_end
        if self.state in PUBLIC_STATES and end and end < (today or local_today()):
            return Removal(
                kind=RemovalKind.EXPIRED,
                on=end,
                reason=WithdrawalReason.PUBLICITY_ENDED,
            )
        return None

    def is_public_on(self, today: datetime.date) -> bool:
        return self.state in PUBLIC_STATES and self.removal(today=today) is None

    @property
    def is_public(self) -> bool:
        return self.is_public_on(local_today())

    @property
    def is_removed(self) -> bool:
        return self.removal() is not None

    @classmethod
    def removal_fields(cls) -> tuple[str, ...]:
        """Return the fields `removal()` reads, for `.only()`."""
        fields = ("state", "withdrawn_at", "withdrawal_reason", "withdrawal_note")
        return fields + ((cls.publicity_end_field,) if cls.publicity_end_field else ())

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
    def publication_delay(self) -> int | None:
        """Return the working days from decision to publication."""
        if self.published_on is None:
            return None
        return get_calendar().working_days_between(self.decided_on, self.published_on)

    def derive_rule_fields(self) -> None:
        """Compute what the rules derive from the decision date and authority."""
        if self.authority_id:
            self.region_code = self.authority.region.code
        if self.decided_on:
            self.publication_deadline = get_calendar().add_working_days(
                self.decided_on, settings.PUBLICATION_DEADLINE_WORKING_DAYS
            )

    def clean(self):
        errors: dict[str, list] = {}

        def fail(field, message, code="invalid"):
            errors.setdefault(field, []).append(ValidationError(message, code=code))

        if self.decided_on and self.decided_on > local_today():
            fail(
                "decided_on",
                _("The decision date cannot be after today."),
                "future_date",
            )
        if self.state != RecordState.DRAFT and not self.published_at:
            fail("published_at", _("A published record needs its publication time."))
        if (
            self.published_at
            and self.decided_on
            and timezone.localdate(self.published_at) < self.decided_on
        ):
            fail(
                "published_at",
                _("A record cannot be published before its decision date."),
            )
        if self.state == RecordState.WITHDRAWN:
            if not self.withdrawal_reason:
                fail(
                    "withdrawal_reason",
                    _("Say why the record is withdrawn."),
                    "required",
                )
            if not self.withdrawn_at:
                fail(
                    "withdrawn_at",
                    _("A withdrawn record needs the time of withdrawal."),
                )
        elif self.withdrawal_reason:
            fail(
                "withdrawal_reason",
                _("Only a withdrawn record has a withdrawal reason."),
            )
        self.clean_record(fail)
        if errors:
            raise ValidationError(errors)
        self.derive_rule_fields()

    def clean_record(self, fail) -> None:
        """Check the fields of one record type; call `fail(field, message)`."""
