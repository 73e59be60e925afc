"""Enumerations of appeals: what is asked, how it stands, how it ended."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealKind(models.TextChoices):
    OBJECTION = "objection", _("Objection")
    REPAIR = "repair", _("Credit repair application")


class Ground(models.TextChoices):
    """What an objection says is wrong."""

    CONTENT = "content", _("The content of the record is wrong")
    PERIOD = "period", _("The publicity period is wrong")
    REPAIR_DECISION = "repair_decision", _("A decision on credit repair is wrong")


class RecordType(models.TextChoices):
    """The public records an appeal may be about (the search index's kinds)."""

    PENALTY = "penalty", _("Administrative penalty")
    PERMIT = "permit", _("Administrative permit")
    LIST_ENTRY = "listentry", _("List entry")


class Capacity(models.TextChoices):
    PARTY = "party", _("I am the party named in the record")
    REPRESENTATIVE = "representative", _("I represent the party")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted, being examined")
    AWAITING_MATERIAL = "awaiting_material", _("Waiting for more material")
    DECIDED = "decided", _("Decided")


OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.AWAITING_MATERIAL)


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Objection upheld")
    REJECTED = "rejected", _("Rejected")
    REPAIRED = "repaired", _("Credit repair granted")


class Remedy(models.TextChoices):
    """What a decision did to the record."""

    NONE = "none", _("Nothing changed")
    WITHDRAWN = "withdrawn", _("Record withdrawn")
    CORRECTED = "corrected", _("Record corrected")
    REMOVED = "removed", _("Removed from the list")
    ALREADY_GONE = "already_gone", _("The record had already left public view")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    MATERIAL_REQUESTED = "material_requested", _("More material requested")
    MATERIAL_ADDED = "material_added", _("More material sent")
    DECIDED = "decided", _("Decided")


class EvidenceRole(models.TextChoices):
    FULFILMENT = "fulfilment", _("Proof of fulfilment")
    COMMITMENT = "commitment", _("Signed credit commitment letter")
    OTHER = "other", _("Other evidence")
