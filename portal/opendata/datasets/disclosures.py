"""Permits and penalties (portal.disclosures), national formats XK and CF."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.disclosures.models import Penalty, Permit
from portal.opendata.columns import MONEY_UNIT, Column, from_model
from portal.opendata.datasets.base import Dataset
from portal.opendata.labels import labelled
from portal.opendata.shared_columns import (
    authority_columns,
    entity_columns,
    id_column,
    page_column,
    publicity_rule_column,
    record_columns,
    region_columns,
)


def _money(model, path: str, description) -> Column:
    return from_model(
        model,
        path,
        unit=MONEY_UNIT,
        description=format_lazy("{} {}", description, _MONEY_NOTE),
    )


_MONEY_NOTE = _(
    "Unit: 万元 (10,000 CNY), as the national format counts it (CF_NR_FK): "
    "2,000 yuan is 0.2, 3,600,000 yuan is 360."
)


_DECISION_NUMBER = _("Number of the decision document, as the authority wrote it.")
_DECIDED_ON = _("Date of the decision.")

PERMITS = Dataset(
    name="permits",
    title=_("Administrative permits"),
    description=_(
        "Permit decisions under dual public disclosure (national format XK)."
    ),
    model=Permit,
    public=Permit.objects.public,
    columns=labelled(
        id_column(Permit),
        page_column(Permit, "permits:detail", "pk"),
        from_model(Permit, "decision_number", description=_DECISION_NUMBER),
        from_model(
            Permit,
            "document_title",
            description=_("Title of the decision document."),
        ),
        *entity_columns(Permit, as_decided=True),
        *authority_columns(Permit),
        *region_columns(Permit),
        from_model(
            Permit,
            "category",
            description=_("Kind of permit (许可类别) in the national format."),
        ),
        from_model(Permit, "category_other"),
        from_model(
            Permit,
            "certificate_name",
            description=_("Name of the certificate issued, if any."),
        ),
        from_model(
            Permit,
            "certificate_number",
            description=_("Number of the certificate issued, if any."),
        ),
        from_model(
            Permit,
            "content",
            description=_("What the permit allows, as decided."),
        ),
        from_model(Permit, "decided_on", description=_DECIDED_ON),
        from_model(
            Permit,
            "valid_from",
            description=_("First day the permit is valid."),
        ),
        from_model(Permit, "valid_until"),
        from_model(
            Permit,
            "permit_status",
            description=_(
                "Whether the permit itself is valid, revoked, cancelled or expired."
            ),
        ),
        *record_columns(Permit),
    ),
)

PENALTIES = Dataset(
    name="penalties",
    title=_("Administrative penalties"),
    description=_(
        "Penalty decisions in their publicity period (national format CF). Fines "
        "are in units of 10,000 yuan, as the national format counts them."
    ),
    model=Penalty,
    public=Penalty.objects.public,
    columns=labelled(
        id_column(Penalty),
        page_column(Penalty, "penalties:detail", "pk"),
        from_model(Penalty, "decision_number", description=_DECISION_NUMBER),
        *entity_columns(Penalty, as_decided=True),
        *authority_columns(Penalty),
        *region_columns(Penalty),
        from_model(
            Penalty,
            "violation_type",
            description=_("Kind of violation, as the decision names it."),
        ),
        from_model(
            Penalty,
            "facts",
            description=_("What the counterpart did, as the decision says."),
        ),
        from_model(
            Penalty,
            "legal_basis",
            description=_("The laws and articles the penalty rests on."),
        ),
        from_model(
            Penalty,
            "categories",
            description=_(
                "Kinds of penalty imposed (处罚类别), one or more, in the "
                "categories of the Administrative Penalty Law."
            ),
        ),
        from_model(Penalty, "content"),
        _money(Penalty, "fine_amount", _("The fine imposed.")),
        _money(
            Penalty,
            "confiscated_amount",
            _("Illegal gains or property confiscated, by value."),
        ),
        from_model(Penalty, "licence_affected"),
        from_model(Penalty, "decided_on", description=_DECIDED_ON),
        from_model(
            Penalty,
            "effect_until",
            description=_("Last day the penalty has effect, as decided."),
        ),
        from_model(
            Penalty,
            "severity",
            description=_(
                "Minor, general or serious: sets how long the penalty stays "
                "public and when repair may be asked for."
            ),
        ),
        from_model(
            Penalty,
            "public_until",
            required=True,
            description=_("Last day the penalty is public, by its publicity rule."),
        ),
        from_model(
            Penalty,
            "repair_from",
            required=True,
            description=_("First day credit repair may be asked for."),
        ),
        *publicity_rule_column(Penalty),
        *record_columns(Penalty),
    ),
)
