"""The materialised statistics: figures per city, per authority and on average.

Every row is computed from the records by `portal.cities.statistics` and
replaced on each refresh; nothing here is typed in. The measures each column
holds are described once, in `portal.cities.measures`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class _Period(models.Model):
    """A quarter (`2025Q2`) or a calendar year (`2025`) (abstract)."""

    period = models.CharField(_("period"), max_length=6)
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))

    class Meta:
        abstract = True


class Summary(_Period):
    """The figures of one city or one authority over one period."""

    class Subject(models.TextChoices):
        CITY = "city", _("City")
        AUTHORITY = "authority", _("Authority")

    subject = models.CharField(_("subject"), max_length=10, choices=Subject.choices)
    region = models.ForeignKey(
        "registry.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    authority = models.ForeignKey(
        "registry.Authority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authority"),
    )
    # Counts the measures are derived from.
    permits = models.PositiveIntegerField(_("permits published"), default=0)
    penalties = models.PositiveIntegerField(_("penalties published"), default=0)
    records = models.PositiveIntegerField(_("records published"), default=0)
    on_time = models.PositiveIntegerField(_("published on time"), default=0)
    complete = models.PositiveIntegerField(_("complete records"), default=0)
    delays = models.JSONField(
        _("delays"),
        default=dict,
        blank=True,
        help_text=_("Records by publication delay in working days."),
    )
    missing = models.JSONField(
        _("missing fields"),
        default=dict,
        blank=True,
        help_text=_("Records lacking each required field, by field code."),
    )
    entries_added = models.PositiveIntegerField(_("list entries added"), default=0)
    entries_removed = models.PositiveIntegerField(_("list entries removed"), default=0)
    # Appeals (portal.appeals), counted for the authority handling them.
    appeals_received = models.PositiveIntegerField(_("appeals received"), default=0)
    appeals_resolved = models.PositiveIntegerField(_("appeals resolved"), default=0)
    appeals_in_time = models.PositiveIntegerField(
        _("appeals decided in time"), default=0
    )
    repairs_granted = models.PositiveIntegerField(_("repairs granted"), default=0)
    handling_days = models.JSONField(
        _("handling times"),
        default=dict,
        blank=True,
        help_text=_("Appeals resolved by handling time in working days."),
    )
    # Derived, stored so that lists can be sorted by them.
    on_time_share = models.FloatField(_("share published on time"), null=True)
    median_delay = models.FloatField(_("median delay (working days)"), null=True)
    complete_share = models.FloatField(_("share complete"), null=True)
    median_handling_days = models.FloatField(
        _("median handling time (working days)"), null=True
    )
    appeals_in_time_share = models.FloatField(
        _("share of appeals decided in time"), null=True
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Some delays count days beyond the known official calendar."),
    )
    # Random inspections (双随机、一公开): plans count for their lead
    # authority, results for the authority recording them.
    plans_committed = models.PositiveIntegerField(
        _("inspection plans committed"), default=0
    )
    plans_drawn = models.PositiveIntegerField(_("inspection plans drawn"), default=0)
    entities_drawn = models.PositiveIntegerField(
        _("entities drawn for inspection"), default=0
    )
    entities_in_pools = models.PositiveIntegerField(
        _("entities in the pools drawn from"), default=0
    )
    inspection_results = models.PositiveIntegerField(
        _("inspection results published"), default=0
    )
    inspection_results_on_time = models.PositiveIntegerField(
        _("inspection results published on time"), default=0
    )
    inspection_findings = models.PositiveIntegerField(
        _("inspection results with a problem found"), default=0
    )
    inspection_categories = models.JSONField(
        _("inspection results by category"),
        default=dict,
        blank=True,
        help_text=_("Public inspection results by result category code."),
    )

    class Meta:
        ordering = ["subject", "period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period"],
                condition=Q(subject="city"),
                name="summary_unique_city_period",
            ),
            models.UniqueConstraint(
                fields=["authority", "period"],
                condition=Q(subject="authority"),
                name="summary_unique_authority_period",
            ),
            models.CheckConstraint(
                condition=(
                    Q(subject="city", region__isnull=False, authority__isnull=True)
                    | Q(subject="authority", authority__isnull=False)
                ),
                name="summary_subject_matches",
            ),
        ]
        indexes = [models.Index(fields=["subject", "period", "region"])]
        verbose_name = _("statistics summary")
        verbose_name_plural = _("statistics summaries")

    def __str__(self):
        return f"{self.region or self.authority} {self.period}"


class Average(_Period):
    """The mean of a group's figures over one period: each member counts once."""

    class Group(models.TextChoices):
        DEMONSTRATION = "demonstration", _("Demonstration cities")
        ALL_CITIES = "all_cities", _("All cities")
        ALL_AUTHORITIES = "all_authorities", _("All authorities")

    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    members = models.PositiveIntegerField(
        _("members"), help_text=_("Members with figures in the period.")
    )
    permits = models.FloatField(_("permits published"), null=True)
    penalties = models.FloatField(_("penalties published"), null=True)
    on_time_share = models.FloatField(_("share published on time"), null=True)
    median_delay = models.FloatField(_("median delay (working days)"), null=True)
    complete_share = models.FloatField(_("share complete"), null=True)
    entries_added = models.FloatField(_("list entries added"), null=True)
    entries_removed = models.FloatField(_("list entries removed"), null=True)
    appeals_received = models.FloatField(_("appeals received"), null=True)
    appeals_resolved = models.FloatField(_("appeals resolved"), null=True)
    median_handling_days = models.FloatField(
        _("median handling time (working days)"), null=True
    )
    appeals_in_time_share = models.FloatField(
        _("share of appeals decided in time"), null=True
    )
    repairs_granted = models.FloatField(_("repairs granted"), null=True)
    counts = models.JSONField(
        _("members averaged"),
        default=dict,
        blank=True,
        help_text=_("Members with a figure, by measure: the n of each average."),
    )

    class Meta:
        ordering = ["group", "period_start", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "period"], name="average_unique_group_period"
            )
        ]
        verbose_name = _("statistics average")
        verbose_name_plural = _("statistics averages")

    def __str__(self):
        return f"{self.get_group_display()} {self.period}"


class SummaryState(models.Model):
    """When the statistics were last computed and which periods they cover.

    One row. Refreshes lock it, so two never interleave their writes.
    """

    refreshed_at = models.DateTimeField(_("refreshed at"), null=True)
    # Changes with every write, partial refreshes included: pages cache their
    # figures under it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    seconds = models.FloatField(_("seconds taken"), default=0)
    periods = models.JSONField(
        _("periods"), default=list, blank=True, help_text=_("Newest first.")
    )
    default_period = models.CharField(
        _("default period"),
        max_length=6,
        blank=True,
        help_text=_("The latest quarter that had ended at the refresh."),
    )

    class Meta:
        verbose_name = _("statistics state")
        verbose_name_plural = _("statistics state")

    def __str__(self):
        return str(self.refreshed_at or "—")
