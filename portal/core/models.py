"""Shared models: working-day overrides, the append-only change log, API
tokens, and the bookkeeping that every process shares (rate-limit counters,
data versions)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day whose working status the official schedule sets or corrects."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked for a make-up working day (调休), empty for a holiday."),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("For example 春节.")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The State Council notice that announced it."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("holiday")
        return f"{self.date} {kind} {self.name}".strip()


class ChangeLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The change log is append-only.")

    def delete(self):
        raise TypeError("The change log is append-only.")

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class ChangeLogEntry(models.Model):
    """One write to a record: who, when, what changed and why. Never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        PUBLISH = "publish", _("Published")
        CORRECT = "correct", _("Corrected")
        WITHDRAW = "withdraw", _("Withdrawn")
        EXPIRE = "expire", _("Publicity ended")
        LIST = "list", _("Listed")
        DELIST = "delist", _("Removed from list")
        UPDATE = "update", _("Updated")
        TOKEN_ISSUE = "token_issue", _("API token issued")
        TOKEN_REVOKE = "token_revoke", _("API token revoked")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("record type")
    )
    object_id = models.PositiveBigIntegerField(_("record ID"))
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    changes = models.JSONField(
        _("changes"),
        default=dict,
        blank=True,
        help_text=_("For each changed field, its old and new value."),
    )
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(
        _("by (label)"),
        max_length=150,
        blank=True,
        help_text=_("Who acted when no user did: an import, a system task."),
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where the change came from, e.g. an import's reference."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = ChangeLogQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self):
        return (
            f"{self.get_action_display()} {self.content_type.model} #{self.object_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The change log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The change log is append-only.")


class RateCounter(models.Model):
    """The hits of one client at one limited action within its current window.

    Kept in the state database (portal/core/routers.py) and written only by
    portal/core/counters.py, with one atomic UPSERT per hit.
    """

    pk = models.CompositePrimaryKey("action", "client")
    action = models.CharField(max_length=40)
    # A hash of the client (an address, a user): no address is stored.
    client = models.CharField(max_length=64)
    hits = models.PositiveIntegerField()
    # When the window ends, in seconds since the epoch.
    expires = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["expires"], name="core_ratecounter_expires")]

    def __str__(self):
        return f"{self.action} {self.client[:8]}: {self.hits}"


class DataVersion(models.Model):
    """The version of a table that processes keep in memory (the calendar).

    Every change writes a new random token in its own transaction, so a
    process that finds a token other than its copy's knows the copy is stale
    (portal/core/versions.py).
    """

    name = models.CharField(primary_key=True, max_length=40)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.name} {self.token}"


class ApiToken(models.Model):
    """A user's API token, of which only a hash is kept (portal/core/tokens.py).

    The key itself is shown once, when issued. `prefix` (its first characters)
    finds the row and tells the holder which key it is; `digest` is the SHA-256
    of the whole key, enough for a random secret of 128 bits or more.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token",
        verbose_name=_("user"),
    )
    # Not unique: a migrated DRF key's prefix is 8 hex digits, which two keys
    # may share; the digest decides.
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    digest = models.CharField(_("digest"), max_length=64)
    created = models.DateTimeField(_("issued"))
    expires = models.DateTimeField(_("expires"))
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @property
    def has_expired(self) -> bool:
        return self.expires <= timezone.now()
