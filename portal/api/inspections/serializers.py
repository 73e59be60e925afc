"""What the random-inspection endpoints answer, field by field.

Inspectors appear by their public code only, as in the published files: no
serializer here has a field that reads an inspector's name. A natural
person's name is masked as on every page (Entity.public_name).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from portal.api.inspections import reads
from portal.inspections import reference
from portal.inspections.choices import (
    PUBLIC_RESULT_STATES,
    FileName,
    PlanState,
    ResultState,
    Stratification,
)
from portal.inspections.history import public_history
from portal.inspections.reference import BY_CODE
from portal.registry.models import CounterpartCategory

# The states the public sees (drafts are never published), named in the
# schema by ENUM_NAME_OVERRIDES (portal/settings.py).
PUBLIC_PLAN_STATES = [
    (state.value, state.label) for state in PlanState if state != PlanState.DRAFT
]
PUBLIC_RESULT_STATE_CHOICES = [
    (state.value, ResultState(state).label) for state in PUBLIC_RESULT_STATES
]


def _api_url(request, url_name: str, **kwargs) -> str:
    return reverse(f"api:{url_name}", kwargs=kwargs, request=request)


class AuthoritySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text=_("The inspection item (抽查事项)."))
    legal_basis = serializers.CharField()
    authority = AuthoritySerializer(
        help_text=_(
            "The authority responsible for the item, which records its results."
        )
    )


class PopulationSerializer(serializers.Serializer):
    """The filter over the registry that made the entities' pool."""

    region_prefix = serializers.SerializerMethodField(
        help_text=_("Entities whose region code starts with it; null for all.")
    )
    counterpart = serializers.SerializerMethodField(
        help_text=_("Only entities of this category; null for every category.")
    )
    stratification = serializers.ChoiceField(choices=Stratification.choices)
    stratification_label = serializers.CharField(source="get_stratification_display")

    def get_region_prefix(self, plan) -> str | None:
        return plan.region_prefix or None

    @extend_schema_field(
        serializers.ChoiceField(choices=CounterpartCategory.choices, allow_null=True)
    )
    def get_counterpart(self, plan) -> str | None:
        return plan.category or None


class StratumSerializer(serializers.Serializer):
    stratum = serializers.CharField()
    size = serializers.IntegerField(help_text=_("Entities drawn from the stratum."))


class RecusalSerializer(serializers.Serializer):
    declared = serializers.IntegerField(
        help_text=_("Inspector–entity pairs excluded for a declared conflict.")
    )
    own_unit_cases = serializers.IntegerField(
        help_text=_(
            "Pairs excluded because the inspector's unit had a case with the entity "
            "in the last three years."
        )
    )


class FileSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=FileName.choices)
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField(source="size")
    url = serializers.SerializerMethodField(
        help_text=_("The file's exact bytes, from this API.")
    )

    def get_url(self, file) -> str:
        return _api_url(
            self.context.get("request"),
            "inspection-plan-file",
            pk=file.plan_id,
            name=file.name,
        )


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text=_("As the authority numbers it."))
    title = serializers.CharField()
    url = serializers.SerializerMethodField(
        help_text=_("The plan's page on the portal.")
    )
    authority = AuthoritySerializer(help_text=_("The lead authority."))
    partners = AuthoritySerializer(
        many=True,
        source="partners.all",
        help_text=_("The other authorities of a joint inspection (联合抽查)."),
    )
    items = ItemSerializer(many=True, source="items.all")
    population = PopulationSerializer(source="*")
    strata = serializers.SerializerMethodField(
        help_text=_("The sample size of each stratum, as sizes.csv publishes it.")
    )
    team_size = serializers.IntegerField(help_text=_("Inspectors per drawn entity."))
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    state = serializers.ChoiceField(choices=PUBLIC_PLAN_STATES)
    state_label = serializers.CharField(source="get_state_display")
    commitment = serializers.CharField(
        help_text=_("SHA-256 of the secret, published before the draw.")
    )
    committed_at = serializers.DateTimeField()
    public_value_source = serializers.CharField(
        help_text=_("Which public value seeds the draw, fixed before it exists.")
    )
    public_value = serializers.SerializerMethodField(
        help_text=_("The public value as entered; null until the draw.")
    )
    seed = serializers.SerializerMethodField(help_text=_("null until the draw."))
    drawn_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    recusals = RecusalSerializer(source="facts.recusals")
    files = serializers.SerializerMethodField()
    drawn_entities = serializers.IntegerField(source="facts.drawn")
    public_results = serializers.IntegerField(source="facts.results")
    check_url = serializers.SerializerMethodField(
        help_text=_("Re-run the draw's check on the published files.")
    )
    draw_url = serializers.SerializerMethodField(
        help_text=_("The drawn entities and their teams.")
    )

    def get_url(self, plan) -> str:
        return reads.plan_path(plan.pk)

    @extend_schema_field(StratumSerializer(many=True))
    def get_strata(self, plan):
        return [{"stratum": label, "size": size} for label, size in plan.facts.sizes]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_public_value(self, plan) -> str | None:
        return plan.public_value or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_seed(self, plan) -> str | None:
        return plan.seed or None

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, plan):
        return FileSerializer(plan.facts.files, many=True, context=self.context).data

    def get_check_url(self, plan) -> str:
        request = self.context.get("request")
        return _api_url(request, "inspection-plan-check", pk=plan.pk)

    def get_draw_url(self, plan) -> str:
        request = self.context.get("request")
        return _api_url(request, "inspection-plan-draw", pk=plan.pk)


class DrawnEntitySerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text=_("The row in drawn.csv, from 1."))
    stratum = serializers.CharField()
    code = serializers.CharField(
        source="entity.key",
        help_text=_("The entity's code in the files: its USCC or its key."),
    )
    name = serializers.CharField(source="entity.public_name")
    url = serializers.SerializerMethodField(
        help_text=_("The entity's integrity file on the portal.")
    )
    rank = serializers.CharField(help_text=_("Its lottery number (a SHA-256)."))
    team = serializers.SerializerMethodField(
        help_text=_("The drawn inspectors' public codes, in teams.csv order.")
    )

    def get_url(self, drawn) -> str:
        return reads.entity_path(drawn.entity)

    def get_team(self, drawn) -> list[str]:
        return self.context["teams"].get(drawn.pk, [])


class DrawSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    drawn = serializers.BooleanField(help_text=_("False until the draw is made."))
    team_size = serializers.IntegerField()
    entities = DrawnEntitySerializer(many=True)


class _CheckLineSerializer(serializers.Serializer):
    check = serializers.CharField(help_text=_("A stable key of the check."))
    message = serializers.CharField(help_text=_("In the caller's language."))
    english = serializers.CharField(help_text=_("As verify_draw.py prints it."))


class CheckReportSerializer(serializers.Serializer):
    """The answer of a check (portal.inspections.checks.Report.as_dict)."""

    plan = serializers.IntegerField()
    matches = serializers.BooleanField(
        help_text=_("True when every check passed; otherwise see problem.")
    )
    drawn = serializers.BooleanField(
        help_text=_("False: no draw yet, only the pools were checked.")
    )
    checked_your_files = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The files you sent, checked instead of the published ones."),
    )
    steps = _CheckLineSerializer(many=True, help_text=_("Every check that passed."))
    problem = _CheckLineSerializer(
        allow_null=True, help_text=_("The first mismatch; null when all match.")
    )


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()


class ItemRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class EntitySerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Its USCC, or the portal's key."))
    name = serializers.CharField(source="public_name")
    counterpart = serializers.ChoiceField(
        source="category", choices=CounterpartCategory.choices
    )
    url = serializers.SerializerMethodField()

    def get_url(self, entity) -> str:
        return reads.entity_path(entity)


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name")
    old = serializers.CharField()
    new = serializers.CharField()


class HistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField(
        help_text=_("“publish” or “correct”; action_label says it in words.")
    )
    action_label = serializers.CharField()
    version = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(help_text=_("Why it was corrected; may be empty."))
    changes = ChangeSerializer(many=True)


class ResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        help_text=_("The result on its plan's page.")
    )
    plan = PlanRefSerializer(source="drawn.plan")
    item = ItemRefSerializer()
    entity = EntitySerializer(source="drawn.entity")
    authority = AuthoritySerializer(help_text=_("The authority that recorded it."))
    category = serializers.ChoiceField(choices=reference.category_choices())
    category_name = serializers.SerializerMethodField(
        help_text=_("As the enterprise credit system shows it, in Chinese.")
    )
    category_name_en = serializers.SerializerMethodField(
        help_text=_("The same, in English.")
    )
    finding = serializers.SerializerMethodField(
        help_text=_("True when the category reports a problem found.")
    )
    details = serializers.CharField()
    decided_on = serializers.DateField(help_text=_("The inspection date."))
    publication_deadline = serializers.DateField(
        help_text=_(
            "The last day to publish it on time, counted in working days from the "
            "inspection date."
        )
    )
    published_at = serializers.DateTimeField()
    on_time = serializers.BooleanField(source="published_on_time")
    late = serializers.BooleanField(source="is_late")
    version = serializers.IntegerField()
    state = serializers.ChoiceField(choices=PUBLIC_RESULT_STATE_CHOICES)
    state_label = serializers.CharField(source="get_state_display")
    history = serializers.SerializerMethodField(
        help_text=_("Its publication and every correction, oldest first.")
    )

    def get_url(self, result) -> str:
        return reads.result_path(result)

    def get_category_name(self, result) -> str:
        return BY_CODE[result.category].name

    def get_category_name_en(self, result) -> str:
        return BY_CODE[result.category].name_en

    def get_finding(self, result) -> bool:
        return BY_CODE[result.category].finding

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, result):
        return HistorySerializer(public_history(result), many=True).data
