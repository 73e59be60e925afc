"""How random-inspection plans and results become rows.

Page addresses with the result's anchor, lists and counts gathered from a
plan's related rows in the same query (a plan's partners, its sample sizes,
its files' checksums), the finding flag and timeliness of a result, and what
a delta says of a result that was withdrawn.
"""

import functools

from django.conf import settings
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse
from django.utils import translation
from django.utils.functional import lazy

from portal.inspections import reference
from portal.inspections.choices import FileName, ResultState, ResultWithdrawalReason
from portal.inspections.models import (
    DrawnEntity,
    FrozenFile,
    InspectionItem,
    InspectionPlan,
    InspectionResult,
    PlanStratum,
)
from portal.opendata.columns import zone
from portal.opendata.computed import PageUrl
from portal.opendata.labels import ChoiceLabel

PLAN_URL = "inspections:plan"
# The id a result has on its plan's page: /inspections/7/#inspection-result-12.
RESULT_ANCHOR = "inspection-result-"
FINDING_CODES = tuple(c.code for c in reference.RESULT_CATEGORIES if c.finding)


# Addresses -----------------------------------------------------------------


@functools.cache
def _plan_prefix() -> str:
    # Reversed by position, once, in the default language, as PageUrl does.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(PLAN_URL, args=[0]).rsplit("0", 1)[0]


class PlanUrl(PageUrl):
    """The address of a plan's page (/inspections/7/)."""

    def __init__(self):
        super().__init__(PLAN_URL, "pk")

    def prefix(self) -> str:
        self._prefix = self._prefix or _plan_prefix()
        return self._prefix


class ResultUrl(PlanUrl):
    """The address of a result: its plan's page, at the result's anchor."""

    def __call__(self, plan_id, pk) -> str:
        return f"{self.origin}{self.prefix()}{plan_id}/#{RESULT_ANCHOR}{pk}"

    def sql_text(self, plan_path: str, pk_path: str):
        return Concat(
            Value(f"{self.origin}{self.prefix()}"),
            Cast(F(plan_path), output_field=CharField()),
            Value(f"/#{RESULT_ANCHOR}"),
            Cast(F(pk_path), output_field=CharField()),
            output_field=CharField(),
        )


def result_link(result) -> str:
    """Return the path of a result on its plan's page, in the active language."""
    plan_page = reverse(PLAN_URL, args=[result.drawn.plan_id])
    return f"{plan_page}#{RESULT_ANCHOR}{result.pk}"


# Result categories ------------------------------------------------------------


def _category_name(category: reference.ResultCategory) -> str:
    # The Chinese name is the enterprise credit system's; English pages read
    # the English one. Label columns are always written in Chinese.
    language = translation.get_language() or settings.LANGUAGE_CODE
    return category.name if language.startswith("zh") else category.name_en


category_name = lazy(_category_name, str)
CATEGORY_CHOICES = tuple(
    (category.code, category_name(category)) for category in reference.RESULT_CATEGORIES
)


class Finding:
    """Whether a result's category reports a problem found."""

    def __call__(self, code) -> bool:
        return code in FINDING_CODES

    def sql_text(self, path: str):
        return Case(
            When(Q(**{f"{path}__in": FINDING_CODES}), then=Value("true")),
            default=Value("false"),
            output_field=CharField(),
        )


def on_time(published_at, deadline) -> bool | None:
    """Tell whether the result went online (Beijing date) by its deadline."""
    if published_at is None or deadline is None:
        return None
    return published_at.astimezone(zone()).date() <= deadline


# A plan's related rows, gathered ------------------------------------------------

# The ASCII unit separator is in no name: names may hold ";" or ",".
_SEPARATOR = "\x1f"


class _Gathered(Aggregate):
    """The texts of a group joined by the unit separator, in no set order."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="GROUP_CONCAT(%(expressions)s, char(31))",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="STRING_AGG((%(expressions)s)::text, chr(31))",
            **extra,
        )


class _RowCount(Func):
    """The rows of a published CSV file: its lines but the header."""

    output_field = IntegerField()
    _TEXT = {
        "sqlite": "CAST(%(expressions)s AS TEXT)",
        "postgresql": "convert_from(%(expressions)s, 'UTF8')",
    }

    def _template(self, vendor: str) -> str:
        text = self._TEXT[vendor]
        newline = "char(10)" if vendor == "sqlite" else "chr(10)"
        return f"(length({text}) - length(replace({text}, {newline}, '')) - 1)"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=self._template("sqlite"), **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=self._template("postgresql"), **extra
        )


def _gathered(queryset: QuerySet, group: str, expression) -> Subquery:
    return Subquery(
        queryset.order_by()
        .values(group)
        .annotate(_text=_Gathered(expression))
        # A group's text, or no row at all (then NULL).
        .values("_text"),
        output_field=CharField(),
    )


def _count(queryset: QuerySet, group: str):
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(_n=Count("pk")).values("_n"),
            output_field=IntegerField(),
        ),
        0,
    )


def _file(name: str, value) -> Subquery:
    files = FrozenFile.objects.filter(plan=OuterRef("pk"), name=name)
    return Subquery(files.annotate(_value=value).values("_value")[:1])


# The files a plan publishes, in the order plan.json and the page give them.
PLAN_FILES = (
    FileName.ENTITIES,
    FileName.INSPECTORS,
    FileName.CONFLICTS,
    FileName.SIZES,
    FileName.PLAN,
    FileName.DRAW,
    FileName.DRAWN,
    FileName.TEAMS,
)


def checksum_source(name: str) -> str:
    """Return the annotation holding a file's SHA-256 (entities.csv → _entities_csv)."""
    return "_" + name.replace(".", "_")


def public_plans() -> QuerySet:
    """Return the plans whose pools and commitment are public, with their rows."""
    plan = OuterRef("pk")
    results = InspectionResult.objects.public().filter(drawn__plan=plan)
    partners = InspectionPlan.partners.through.objects.filter(inspectionplan=plan)
    return InspectionPlan.objects.published().annotate(
        _partners=_gathered(
            partners,
            "inspectionplan",
            Concat(
                Cast("authority_id", CharField()),
                Value(":"),
                F("authority__name"),
                output_field=CharField(),
            ),
        ),
        _strata=_gathered(
            PlanStratum.objects.filter(plan=plan),
            "plan",
            Concat(
                "label", Value(":"), Cast("size", CharField()), output_field=CharField()
            ),
        ),
        _pool=_file(FileName.ENTITIES, _RowCount("content")),
        _items=_count(InspectionItem.objects.filter(plan=plan), "plan"),
        _drawn=_count(DrawnEntity.objects.filter(plan=plan), "plan"),
        _results=_count(results, "drawn__plan"),
        _findings=_count(results.filter(category__in=FINDING_CODES), "drawn__plan"),
        _late=_count(
            results.exclude(published_at__date__lte=F("publication_deadline")),
            "drawn__plan",
        ),
        **{checksum_source(name): _file(name, F("sha256")) for name in PLAN_FILES},
    )


def _pairs(text) -> list[tuple[str, str]]:
    return [
        tuple(part.split(":", 1)) for part in (text or "").split(_SEPARATOR) if part
    ]


def partner_ids(text) -> list[int]:
    return sorted(int(pk) for pk, _name in _pairs(text))


def partner_names(text) -> list[str]:
    # In the order of partner_ids, so that the two lists pair up.
    return [name for _pk, name in sorted(_pairs(text), key=lambda p: int(p[0]))]


def sample_sizes(text) -> list[str]:
    return [f"{label}:{size}" for label, size in sorted(_pairs(text))]


def sample_total(text) -> int:
    return sum(int(size) for _label, size in _pairs(text))


# What a delta says of a withdrawn result -------------------------------------

_WITHDRAWAL_LABEL = ChoiceLabel(ResultWithdrawalReason.choices)


def result_removal(pk: int) -> dict | None:
    """Return why a result left the public rows, for the delta's removed line."""
    row = (
        InspectionResult.objects.filter(pk=pk, state=ResultState.WITHDRAWN)
        .values_list("withdrawn_at", "withdrawal_reason", "withdrawal_note")
        .first()
    )
    if row is None:
        return None
    withdrawn_at, reason, note = row
    return {
        "withdrawn_at": (
            withdrawn_at.astimezone(zone()).isoformat(timespec="seconds")
            if withdrawn_at
            else None
        ),
        "withdrawal_reason": reason or None,
        "withdrawal_reason_label": _WITHDRAWAL_LABEL(reason),
        "withdrawal_note": note or None,
    }
