"""Columns several datasets share: ids, pages, counterparts, authorities, records."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.disclosures.publicity import RULES
from portal.opendata.columns import Column, from_model
from portal.opendata.computed import Code, PublicName, page_url
from portal.opendata.labels import labelled, region_name


def id_column(model) -> Column:
    return Column(
        name="id",
        sources=("pk",),
        type="integer",
        title=_("ID"),
        description=_("Stable identifier of the row; never reused."),
        required=True,
    )


PAGE_DESCRIPTION = _(
    "Address of its page on this portal: the whole address (https://…) in "
    "downloaded and bulk files, the path from the site's root in the API's "
    "answers."
)


def page_column(model, url_name: str, kwarg: str, source: str = "pk") -> Column:
    return Column(
        name="url",
        sources=(source,),
        title=_("page"),
        description=PAGE_DESCRIPTION,
        compute=page_url(url_name, kwarg),
        required=True,
    )


def entity_columns(
    model, prefix: str = "entity", *, as_decided: bool = False
) -> tuple[Column, ...]:
    """Columns naming the counterpart of a record or the entity on a list.

    A record (`as_decided`) names the counterpart as its decision does; the
    entity's current name is on its own row of the entities dataset.
    """
    if as_decided:
        name_source = "counterpart_name"
        name_description = _(
            "As the decision names the counterpart, whatever it is called now. "
            "A natural person's given name is hidden (张*)."
        )
    else:
        name_source = f"{prefix}__name"
        name_description = _("A natural person's given name is hidden (张*).")
    return labelled(
        Column(
            name="entity_id",
            sources=(f"{prefix}_id",),
            type="integer",
            title=_("entity ID"),
            description=_("The `id` of the entity's row in the entities dataset."),
            required=True,
        ),
        Column(
            name="entity_key",
            sources=(f"{prefix}__key",),
            title=_("entity key"),
            description=_(
                "The entity's unified social credit code, or an opaque key when it "
                "has none to show."
            ),
            required=True,
        ),
        Column(
            name="entity_name",
            sources=(name_source, f"{prefix}__category"),
            title=_("counterpart name"),
            description=name_description,
            compute=PublicName(),
            required=True,
        ),
        from_model(
            model,
            f"{prefix}__category",
            name="entity_category",
            description=_(
                "Kind of counterpart (行政相对人类别): organisation, individual "
                "business or natural person."
            ),
        ),
        Column(
            name="entity_code",
            sources=(
                f"{prefix}__uscc",
                f"{prefix}__id_masked",
                f"{prefix}__business_registration_number",
            ),
            title=_("counterpart code"),
            description=_(
                "Unified social credit code; for a natural person the masked ID "
                "number; for an individual business without a code its business "
                "registration number."
            ),
            compute=Code(),
        ),
        Column(
            name="entity_url",
            sources=(f"{prefix}__key",),
            title=_("counterpart page"),
            description=_(
                "Address of the entity's integrity file on this portal, written "
                "as `url` is."
            ),
            compute=page_url("entities:detail", "key"),
        ),
    )


def authority_columns(model, prefix: str = "authority") -> tuple[Column, ...]:
    return (
        Column(
            name="authority_id",
            sources=(f"{prefix}_id",),
            type="integer",
            title=_("authority ID"),
            description=_(
                "The `id` of the authority's row in the authorities dataset."
            ),
            required=True,
        ),
        from_model(
            model,
            f"{prefix}__name",
            name="authority_name",
            title=_("authority name"),
            description=_("Full name of the deciding authority."),
        ),
    )


def region_columns(model, path: str = "region_code") -> tuple[Column, ...]:
    """The region code of a record and, beside it, the region's name."""
    return (
        from_model(model, path, name="region_code", required=True),
        region_name("authority__region__name"),
    )


def record_columns(model) -> tuple[Column, ...]:
    """The lifecycle and provenance columns permits and penalties share."""
    return labelled(
        from_model(
            model,
            "state",
            description=_(
                "Publication state: published, or corrected after publication. "
                "Withdrawn records leave the files."
            ),
        ),
        from_model(
            model,
            "version",
            description=_("1 when first published; one more with each correction."),
        ),
        from_model(
            model,
            "published_at",
            description=_("When the record went online, in Beijing time (+08:00)."),
        ),
        from_model(
            model,
            "publication_deadline",
            required=True,
            description=_(
                "Last day for putting the decision online: seven working days "
                "after the decision."
            ),
        ),
        from_model(
            model,
            "data_source_name",
            description=_("The unit that sent the record (数据来源单位)."),
        ),
        from_model(
            model,
            "data_source_uscc",
            description=_("Unified social credit code of the data source unit."),
        ),
        from_model(
            model,
            "remarks",
            description=_("Remarks sent with the record (备注); often empty."),
        ),
        from_model(
            model,
            "updated_at",
            description=_(
                "When the row last changed on the portal, in Beijing time (+08:00)."
            ),
        ),
    )


def _rule_label(rule) -> str:
    return gettext("%(version)s rules (%(source)s)") % {
        "version": rule.version,
        "source": rule.source,
    }


def _rules_description() -> str:
    parts = [
        gettext(
            "Which rules set the penalty's publicity period (公示期) and the "
            "day its credit repair may be asked for, named by the year they were "
            "issued. The rules in force on the decision date apply."
        )
    ]
    for rule in RULES:
        # Translated: Chinese separates the clauses with a full-width semicolon.
        months = gettext("; ").join(
            gettext(
                "%(severity)s: public for at most %(public)s months, repair "
                "after %(repair)s months"
            )
            % {
                "severity": severity.label,
                "public": maximum,
                "repair": minimum,
            }
            for severity, (minimum, maximum) in rule.months.items()
        )
        parts.append(
            gettext("%(version)s: %(source)s, from %(start)s (%(months)s).")
            % {
                "version": rule.version,
                "source": rule.source,
                "start": rule.effective_from.isoformat(),
                "months": months,
            }
        )
    return " ".join(parts)


def publicity_rule_column(model) -> tuple[Column, ...]:
    """The publicity rule of a penalty, its label and its meaning in words."""
    return labelled(
        from_model(
            model,
            "publicity_rule",
            description=lazy(_rules_description, str)(),
            choices=tuple(
                (rule.version, lazy(_rule_label, str)(rule)) for rule in RULES
            ),
        )
    )
