"""The demonstration cities and their statistics as datasets (portal.cities).

Served by the API under /api/v1/cities/ and /api/v1/statistics/, filtered as
the cities page is. Not among the bulk files (`datasets.DATASETS`), which
hold records. Built from the same column machinery as the records' datasets:
a label beside every code, region names from the registry, and beside every
share or median the n it rests on (`figures`).
"""

from django.conf import settings
from django.db.models import Aggregate, CharField, Func, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.cities import selectors as city_selectors
from portal.cities.models import Average, DemonstrationBatch, Designation, Summary
from portal.opendata.city_datasets.figures import (
    CITIES_UNIT,
    MEMBERS_UNIT,
    measure_columns,
    period_columns,
    summary_columns,
)
from portal.opendata.columns import Column, from_model
from portal.opendata.datasets import (
    Dataset,
    PageUrl,
    authority_columns,
    id_column,
    page_url,
)
from portal.opendata.labels import labelled, region_name
from portal.opendata.shared_columns import PAGE_DESCRIPTION


class _CityPage(PageUrl):
    """A city's page, /cities/<region code>/, below the cities page itself."""

    def __init__(self):
        super().__init__("cities:list", "")

    def prefix(self) -> str:
        if not self._prefix:
            with translation.override(settings.LANGUAGE_CODE):
                self._prefix = reverse(self.name)
        return self._prefix


def _city_columns(model, prefix: str = "region") -> tuple[Column, ...]:
    return labelled(
        from_model(
            model,
            f"{prefix}__code",
            name="city_code",
            required=True,
            description=_("GB/T 2260 code of the city."),
        ),
        region_name(
            f"{prefix}__name",
            name="city_name",
            title=_("city name"),
            required=True,
            width=16,
        ),
        from_model(
            model,
            f"{prefix}__name_en",
            name="city_name_en",
            description=_("Name in English (pinyin), where known."),
        ),
        from_model(
            model,
            f"{prefix}__level",
            name="city_level",
            required=True,
            description=_("Province, prefecture-level city, or county or district."),
        ),
        Column(
            name="city_url",
            sources=(f"{prefix}__code",),
            title=_("city page"),
            description=_("Address of the city's page on this portal."),
            compute=_CityPage(),
            required=True,
        ),
    )


class _Joined(Aggregate):
    """The texts of a group joined by commas, on SQLite and PostgreSQL alike."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra,
        )


class _Pair(Func):
    """A region's code and name as one text, "330100|杭州市"; null without one."""

    template = "%(expressions)s"
    arg_joiner = " || '|' || "
    output_field = CharField()


def _batches() -> QuerySet:
    return DemonstrationBatch.objects.annotate(
        member_codes=_Joined(
            _Pair("designations__region__code", "designations__region__name")
        )
    )


def _pairs(joined: str | None) -> list[tuple[str, str]]:
    return sorted(pair.split("|", 1) for pair in joined.split(",")) if joined else []


def _codes(joined: str | None) -> list[str]:
    return [code for code, _name in _pairs(joined)]


def _names(joined: str | None) -> list[str]:
    return [name for _code, name in _pairs(joined)]


BATCHES = Dataset(
    name="batches",
    title=_("Demonstration batches"),
    description=_(
        "The batches of social credit demonstration cities as announced, with "
        "the region codes of their members."
    ),
    model=DemonstrationBatch,
    public=_batches,
    columns=(
        id_column(DemonstrationBatch),
        from_model(
            DemonstrationBatch,
            "number",
            description=_("The batch's number in the order announced: 1 is the first."),
        ),
        from_model(DemonstrationBatch, "announced_on"),
        from_model(
            DemonstrationBatch,
            "announced_by",
            description=_(
                "The bodies that announced the batch, as the announcement names "
                "them (国家发展和改革委员会、中国人民银行)."
            ),
        ),
        from_model(DemonstrationBatch, "official_count", unit=CITIES_UNIT),
        from_model(
            DemonstrationBatch,
            "source",
            description=_("The announcement that named the batch."),
        ),
        Column(
            name="members",
            sources=("member_codes",),
            type="list",
            title=_("members"),
            description=_(
                "Region codes of the cities designated in the batch, those whose "
                "designation has ended included."
            ),
            compute=_codes,
            required=True,
        ),
        Column(
            name="member_names",
            sources=("member_codes",),
            type="list",
            title=_("members' names"),
            description=_(
                "The members' full names in the registry's GB/T 2260 reference "
                "data, in Chinese, in the order of members."
            ),
            compute=_names,
            required=True,
            width=30,
        ),
    ),
)

DESIGNATIONS = Dataset(
    name="designations",
    title=_("Designations of demonstration cities"),
    description=_(
        "Each city named a demonstration city in a batch, and when its "
        "designation ended, if it did."
    ),
    model=Designation,
    public=Designation.objects.all,
    columns=(
        id_column(Designation),
        from_model(
            Designation,
            "batch__number",
            name="batch",
            description=_("The `number` of the batch in the batches dataset."),
        ),
        *_city_columns(Designation),
        from_model(
            Designation,
            "designated_on",
            description=_("The day the city was named a demonstration city."),
        ),
        from_model(
            Designation,
            "ended_on",
            description=_("The day the designation ended; empty while it lasts."),
        ),
        from_model(
            Designation,
            "end_reason",
            description=_("Why the designation ended, as announced."),
        ),
        from_model(
            Designation,
            "source",
            description=_("The announcement that named the city."),
        ),
    ),
)

CITY_STATISTICS = Dataset(
    name="city-statistics",
    title=_("Statistics of cities"),
    description=_(
        "Each city's disclosure figures in a quarter or a year, computed from "
        "the records (see /cities/method/)."
    ),
    model=Summary,
    public=city_selectors.city_summaries,
    columns=(id_column(Summary), *_city_columns(Summary), *summary_columns()),
)

AUTHORITY_STATISTICS = Dataset(
    name="authority-statistics",
    title=_("Statistics of authorities"),
    description=_(
        "Each authority's disclosure figures in a quarter or a year, computed "
        "from the records (see /cities/method/)."
    ),
    model=Summary,
    public=city_selectors.authority_summaries,
    columns=labelled(
        id_column(Summary),
        *authority_columns(Summary),
        from_model(
            Summary,
            "authority__region__code",
            name="region_code",
            description=_("GB/T 2260 code of the region the department serves."),
        ),
        region_name("authority__region__name"),
        from_model(
            Summary,
            "authority__kind",
            name="authority_kind",
            description=_("What the department regulates (its line of work)."),
        ),
        from_model(
            Summary,
            "authority__level",
            name="authority_level",
            description=_("Level of government the department belongs to."),
        ),
        Column(
            name="authority_url",
            sources=("authority_id",),
            title=_("authority page"),
            description=PAGE_DESCRIPTION,
            compute=page_url("authorities:detail", "pk"),
            required=True,
        ),
        *summary_columns(),
    ),
)

AVERAGES = Dataset(
    name="averages",
    title=_("Averages of the statistics"),
    description=_(
        "The mean of each measure over the demonstration cities, all cities or "
        "all authorities with figures in a period; each member counts once."
    ),
    model=Average,
    public=Average.objects.all,
    columns=labelled(
        id_column(Average),
        from_model(
            Average,
            "group",
            description=_(
                "Whose figures are averaged: the cities designated in the period, "
                "all cities, or all authorities."
            ),
        ),
        *period_columns(Average),
        from_model(Average, "members", unit=MEMBERS_UNIT),
        *measure_columns(Average),
    ),
)

# In the order the data dictionary lists them.
CITY_DATASETS = (BATCHES, DESIGNATIONS, CITY_STATISTICS, AUTHORITY_STATISTICS, AVERAGES)
