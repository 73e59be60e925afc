"""Random inspections (双随机、一公开, portal.inspections): plans and results."""

from django.conf import settings
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.inspections.models import InspectionPlan, InspectionResult
from portal.opendata.columns import Column, from_model
from portal.opendata.datasets import inspection_rows as rows
from portal.opendata.datasets.base import Dataset
from portal.opendata.labels import labelled, region_name
from portal.opendata.shared_columns import (
    PAGE_DESCRIPTION,
    entity_columns,
    id_column,
)

_UPDATED = _("When the row last changed on the portal, in Beijing time (+08:00).")
# Units, the same text in every language, as columns.MONEY_UNIT.
RESULTS_UNIT = "条 (results)"
ENTITIES_UNIT = "个 (entities)"
INSPECTORS_UNIT = "名 (inspectors)"
ITEMS_UNIT = "项 (items)"


def _deadline_description() -> str:
    return gettext(
        "Last day for putting the result online: %(days)s working days after the "
        "inspection date, on the portal's official calendar (its holidays and "
        "make-up working days)."
    ) % {"days": settings.INSPECTION_RESULT_DEADLINE_WORKING_DAYS}


def _page(compute, sources: tuple[str, ...], description=PAGE_DESCRIPTION) -> Column:
    return Column(
        name="url",
        sources=sources,
        title=_("page"),
        description=description,
        compute=compute,
        required=True,
    )


def _count(name: str, source: str, title, description, unit) -> Column:
    return Column(
        name=name,
        sources=(source,),
        type="integer",
        title=title,
        description=description,
        unit=unit,
        required=True,
    )


def _checksum(name: str) -> Column:
    return Column(
        name=f"{name.replace('.', '_')}_sha256",
        sources=(rows.checksum_source(name),),
        title=format_lazy(_("SHA-256 of {name}"), name=name),
        description=format_lazy(
            _(
                "SHA-256 of the published file {name}, in 64 lowercase hexadecimal "
                "characters: the file you download from the plan's page must have "
                "it. Empty until the file is published."
            ),
            name=name,
        ),
        width=66,
    )


INSPECTION_PLANS = Dataset(
    name="inspection-plans",
    title=_("Random inspection plans"),
    description=_(
        "Plans of random inspections (双随机、一公开抽查计划) whose pools and "
        "commitment are public: committed, drawn or closed. Drafts are not "
        "published."
    ),
    model=InspectionPlan,
    public=rows.public_plans,
    columns=labelled(
        id_column(InspectionPlan),
        _page(rows.PlanUrl(), ("pk",)),
        from_model(
            InspectionPlan,
            "number",
            description=_("The plan's number, as the lead authority numbers it."),
        ),
        from_model(
            InspectionPlan, "title", description=_("The plan's title, as published.")
        ),
        Column(
            name="authority_id",
            sources=("authority_id",),
            type="integer",
            title=_("lead authority ID"),
            description=_(
                "The `id` of the lead authority's row in the authorities dataset."
            ),
            required=True,
        ),
        from_model(
            InspectionPlan,
            "authority__name",
            name="authority_name",
            title=_("lead authority"),
            description=_("Full name of the authority that leads the plan."),
        ),
        from_model(
            InspectionPlan,
            "authority__region__code",
            name="region_code",
            description=_("GB/T 2260 code of the lead authority's region."),
        ),
        region_name("authority__region__name"),
        Column(
            name="partner_ids",
            sources=("_partners",),
            type="list",
            title=_("partner authority IDs"),
            description=_(
                "The `id`s of the other departments of a joint inspection (部门联合"
                "抽查) in the authorities dataset, in increasing order; empty for a "
                "plan of one authority."
            ),
            compute=rows.partner_ids,
        ),
        Column(
            name="partner_names",
            sources=("_partners",),
            type="list",
            title=_("partner authorities"),
            description=_(
                "Full names of those departments, in the order of partner_ids."
            ),
            compute=rows.partner_names,
            width=40,
        ),
        _count(
            "items_count",
            "_items",
            _("inspection items"),
            _(
                "How many inspection items (抽查事项) the plan has; each item has "
                "its legal basis and the authority that records its results."
            ),
            ITEMS_UNIT,
        ),
        from_model(
            InspectionPlan,
            "region_prefix",
            description=_(
                "The population (检查对象名录): entities whose region code starts "
                "with these digits; empty for every region."
            ),
        ),
        from_model(
            InspectionPlan,
            "category",
            name="entity_category",
            description=_(
                "The population: entities of this kind of counterpart only; empty "
                "for every kind."
            ),
        ),
        from_model(
            InspectionPlan,
            "stratification",
            description=_(
                "How the population is divided into strata (分层), each with its "
                "own sample size: one stratum, or one per region code."
            ),
        ),
        Column(
            name="pool_size",
            sources=("_pool",),
            type="integer",
            title=_("entities in the pool"),
            description=_(
                "How many entities the frozen pool (entities.csv) holds: every "
                "entity that could be drawn."
            ),
            unit=ENTITIES_UNIT,
        ),
        Column(
            name="sample_sizes",
            sources=("_strata",),
            type="list",
            title=_("sample sizes"),
            description=_(
                "How many entities are drawn from each stratum, as stratum:size "
                "(330102:2), by stratum; “all” names the one stratum of an "
                "unstratified plan. The same as sizes.csv."
            ),
            compute=rows.sample_sizes,
        ),
        Column(
            name="sample_size",
            sources=("_strata",),
            type="integer",
            title=_("entities to draw"),
            description=_("The sample sizes of every stratum added up."),
            compute=rows.sample_total,
            unit=ENTITIES_UNIT,
            required=True,
        ),
        from_model(
            InspectionPlan,
            "team_size",
            description=_(
                "How many inspectors are drawn for each entity (at least two)."
            ),
            unit=INSPECTORS_UNIT,
        ),
        from_model(
            InspectionPlan,
            "starts_on",
            description=_("First day of the inspections, as the plan schedules them."),
        ),
        from_model(
            InspectionPlan,
            "ends_on",
            description=_("Last day of the inspections, as the plan schedules them."),
        ),
        from_model(
            InspectionPlan,
            "state",
            description=_(
                "Committed: the pools and the commitment are published and the "
                "draw is to come. Drawn: the draw is made and published. Closed: "
                "every drawn entity has its results."
            ),
        ),
        from_model(
            InspectionPlan,
            "commitment",
            required=True,
            description=_(
                "The commitment (承诺值): SHA-256 of the secret, published before "
                "the public value exists; the secret revealed at the draw must "
                "have it."
            ),
            width=66,
        ),
        from_model(
            InspectionPlan,
            "committed_at",
            required=True,
            description=_(
                "When the pools were frozen and the commitment published, in "
                "Beijing time (+08:00)."
            ),
        ),
        from_model(
            InspectionPlan,
            "public_value_source",
            description=_(
                "Which public value (公开随机数) will seed the draw, published with "
                "the commitment: a value that did not exist yet, from outside the "
                "authority."
            ),
            width=50,
        ),
        from_model(
            InspectionPlan,
            "public_value",
            description=_(
                "The public value as entered for the draw (spaces trimmed, NFC); "
                "empty until the draw."
            ),
        ),
        from_model(
            InspectionPlan,
            "seed",
            description=_(
                "SHA-256 of v1|secret|public value, which ranks the entities and "
                "inspectors; empty until the draw."
            ),
            width=66,
        ),
        from_model(
            InspectionPlan,
            "drawn_at",
            description=_(
                "When the draw was made, in Beijing time (+08:00); empty until then."
            ),
        ),
        from_model(
            InspectionPlan,
            "closed_at",
            description=_(
                "When the plan was closed, in Beijing time (+08:00); empty while open."
            ),
        ),
        _count(
            "drawn_count",
            "_drawn",
            _("entities drawn"),
            _("How many entities the draw selected (rows of drawn.csv)."),
            ENTITIES_UNIT,
        ),
        _count(
            "results_count",
            "_results",
            _("results published"),
            _(
                "How many of its results are public now (published or corrected; "
                "not drafts, not withdrawn): one per drawn entity and item."
            ),
            RESULTS_UNIT,
        ),
        _count(
            "findings_count",
            "_findings",
            _("results with a problem found"),
            _("How many of the public results report a problem found."),
            RESULTS_UNIT,
        ),
        _count(
            "late_count",
            "_late",
            _("results published late"),
            _(
                "How many of the public results went online after their "
                "publication deadline."
            ),
            RESULTS_UNIT,
        ),
        *(_checksum(name) for name in rows.PLAN_FILES),
        from_model(InspectionPlan, "updated_at", description=_UPDATED),
    ),
)


INSPECTION_RESULTS = Dataset(
    name="inspection-results",
    title=_("Random inspection results"),
    description=_(
        "Results of random inspections (抽查检查结果), one per drawn entity and "
        "inspection item, published or corrected. A withdrawn result leaves the "
        "files; the next delta lists it as removed, with why it was withdrawn."
    ),
    model=InspectionResult,
    public=InspectionResult.objects.public,
    removal=rows.result_removal,
    columns=labelled(
        id_column(InspectionResult),
        _page(
            rows.ResultUrl(),
            ("drawn__plan_id", "pk"),
            description=format_lazy(
                "{} {}",
                PAGE_DESCRIPTION,
                _("The result is on its plan's page, at #inspection-result-<id>."),
            ),
        ),
        Column(
            name="plan_id",
            sources=("drawn__plan_id",),
            type="integer",
            title=_("plan ID"),
            description=_(
                "The `id` of the plan's row in the inspection-plans dataset."
            ),
            required=True,
        ),
        from_model(
            InspectionResult,
            "drawn__plan__number",
            name="plan_number",
            description=_("The plan's number, as the lead authority numbers it."),
        ),
        Column(
            name="item_id",
            sources=("item_id",),
            type="integer",
            title=_("inspection item ID"),
            description=_(
                "Identifier of the inspection item (抽查事项); the same for every "
                "result of that item."
            ),
            required=True,
        ),
        from_model(
            InspectionResult,
            "item__title",
            name="item_title",
            description=_("What was inspected, as the plan's item list names it."),
        ),
        from_model(
            InspectionResult,
            "item__legal_basis",
            name="item_legal_basis",
            description=_("The laws and articles the inspection item rests on."),
        ),
        Column(
            name="authority_id",
            sources=("authority_id",),
            type="integer",
            title=_("recording authority ID"),
            description=_(
                "The `id` in the authorities dataset of the authority responsible "
                "for the item, which records and publishes its results."
            ),
            required=True,
        ),
        from_model(
            InspectionResult,
            "authority__name",
            name="authority_name",
            title=_("recording authority"),
            description=_(
                "Full name of that authority: in a joint inspection, the lead or "
                "a partner."
            ),
        ),
        *entity_columns(InspectionResult, "drawn__entity"),
        from_model(
            InspectionResult,
            "drawn__entity__region__code",
            name="region_code",
            required=False,
            description=_(
                "GB/T 2260 code of the region the inspected entity is registered in."
            ),
        ),
        region_name("drawn__entity__region__name"),
        from_model(
            InspectionResult,
            "category",
            choices=rows.CATEGORY_CHOICES,
            description=_(
                "The result's category (抽查检查结果), by the portal's stable code; "
                "its label is the name the National Enterprise Credit Information "
                "Publicity System shows."
            ),
        ),
        Column(
            name="finding",
            sources=("category",),
            type="boolean",
            title=_("problem found"),
            description=_(
                "Whether the category reports a problem found (true) or not "
                "(false), as the portal's list of categories says."
            ),
            compute=rows.Finding(),
            required=True,
        ),
        from_model(
            InspectionResult,
            "details",
            description=_("What the inspection found, as the authority wrote it."),
        ),
        from_model(
            InspectionResult,
            "decided_on",
            description=_("The day the result was formed (the inspection date)."),
        ),
        from_model(
            InspectionResult,
            "publication_deadline",
            required=True,
            description=lazy(_deadline_description, str)(),
        ),
        from_model(
            InspectionResult,
            "published_at",
            required=True,
            description=_("When the result went online, in Beijing time (+08:00)."),
        ),
        Column(
            name="on_time",
            sources=("published_at", "publication_deadline"),
            type="boolean",
            title=_("published on time"),
            description=_(
                "Whether the result went online on or before its deadline "
                "(Beijing date): false marks a late result."
            ),
            compute=rows.on_time,
            required=True,
        ),
        from_model(
            InspectionResult,
            "state",
            description=_(
                "Publication state: published, or corrected after publication. "
                "Withdrawn results leave the files."
            ),
        ),
        from_model(
            InspectionResult,
            "version",
            description=_("1 when first published; one more with each correction."),
        ),
        from_model(InspectionResult, "updated_at", description=_UPDATED),
    ),
)
