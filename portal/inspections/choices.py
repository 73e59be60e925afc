"""Enumerations of random-inspection plans and results."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMITTED = "committed", _("Committed (pools frozen)")
    DRAWN = "drawn", _("Drawn")
    CLOSED = "closed", _("Closed")


class Stratification(models.TextChoices):
    """How the population is divided before the draw."""

    ALL = "all", _("One stratum (all)")
    REGION = "region", _("By region code")


class ResultState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CORRECTED = "corrected", _("Corrected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ResultWithdrawalReason(models.TextChoices):
    ANNULLED = "annulled", _("Result revoked or annulled")
    OBJECTION_UPHELD = "objection_upheld", _("Objection upheld")
    RECORDED_IN_ERROR = "recorded_in_error", _("Recorded in error")


class FileName(models.TextChoices):
    """The files a plan publishes (spec version 1)."""

    ENTITIES = "entities.csv"
    INSPECTORS = "inspectors.csv"
    CONFLICTS = "conflicts.csv"
    SIZES = "sizes.csv"
    PLAN = "plan.json"
    DRAW = "draw.json"
    DRAWN = "drawn.csv"
    TEAMS = "teams.csv"


PUBLIC_RESULT_STATES = (ResultState.PUBLISHED, ResultState.CORRECTED)
ALL_STRATUM = "all"
