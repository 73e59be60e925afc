"""The demonstration cities and their statistics as datasets (portal.cities).

Served by the API under /api/v1/cities/ and /api/v1/statistics/, filtered as
the cities page is. Not among the bulk files (`datasets.DATASETS`), which
hold records. Built from the same column machinery as the records' datasets.
"""

import dataclasses

from django.conf import settings
from django.db.models import Aggregate, CharField, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.cities import selectors as city_selectors
from portal.cities.measures import MEASURES as CITY_MEASURES
from portal.cities.models import Average, DemonstrationBatch, Designation, Summary
from portal.opendata.columns import Column, from_model
from portal.opendata.datasets import (
    Dataset,
    PageUrl,
    authority_columns,
    id_column,
    page_url,
)


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
    return (
        from_model(model, f"{prefix}__code", name="city_code", required=True),
        from_model(model, f"{prefix}__name", name="city_name", required=True),
        from_model(model, f"{prefix}__name_en", name="city_name_en"),
        from_model(model, f"{prefix}__level", name="city_level", required=True),
        Column(
            name="city_url",
            sources=(f"{prefix}__code",),
            title=_("city page"),
            description=_("Address of the city's page on this portal."),
            compute=_CityPage(),
            required=True,
        ),
    )


def _period_columns(model) -> tuple[Column, ...]:
    return (
        from_model(model, "period", description=_("A quarter (2025Q2) or a year.")),
        from_model(model, "period_start"),
        from_model(model, "period_end"),
    )


def _as_stored(value):
    # A float is written by Python: the database's CSV text of a number
    # (opendata.sqltext) is made for the decimal amounts of the records.
    return value


def _measure_columns(model) -> tuple[Column, ...]:
    """One column per measure (portal.cities.measures), as the model stores it."""
    columns = []
    for measure in CITY_MEASURES:
        column = from_model(model, measure.key)
        if measure.help:
            column = dataclasses.replace(column, description=measure.help)
        if column.type == "number":
            column = dataclasses.replace(column, compute=_as_stored)
        columns.append(column)
    return tuple(columns)


def _delays(counts) -> list[str]:
    return [
        f"{days}:{n}" for days, n in sorted(counts.items(), key=lambda i: int(i[0]))
    ]


def _missing(counts) -> list[str]:
    return [f"{code}:{n}" for code, n in sorted(counts.items())]


def _summary_columns() -> tuple[Column, ...]:
    """The figures of a city or an authority: measures, counts, histograms."""
    return (
        *_period_columns(Summary),
        *_measure_columns(Summary),
        from_model(Summary, "records"),
        from_model(Summary, "on_time"),
        from_model(Summary, "complete"),
        Column(
            name="delays",
            sources=("delays",),
            type="list",
            title=_("delays"),
            description=_(
                "Records by publication delay, as “working days:records” (2:5 is "
                "five records published two working days after their decision)."
            ),
            compute=_delays,
            required=True,
        ),
        Column(
            name="missing",
            sources=("missing",),
            type="list",
            title=_("missing fields"),
            description=_(
                "Records lacking a required field, as “national field code:records”."
            ),
            compute=_missing,
            required=True,
        ),
        from_model(Summary, "provisional"),
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


def _batches() -> QuerySet:
    return DemonstrationBatch.objects.annotate(
        member_codes=_Joined("designations__region__code")
    )


def _codes(joined: str | None) -> list[str]:
    return sorted(joined.split(",")) if joined else []


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
        from_model(DemonstrationBatch, "number"),
        from_model(DemonstrationBatch, "announced_on"),
        from_model(DemonstrationBatch, "announced_by"),
        from_model(DemonstrationBatch, "official_count"),
        from_model(DemonstrationBatch, "source"),
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
        from_model(Designation, "batch__number", name="batch"),
        *_city_columns(Designation),
        from_model(Designation, "designated_on"),
        from_model(Designation, "ended_on"),
        from_model(Designation, "end_reason"),
        from_model(Designation, "source"),
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
    columns=(id_column(Summary), *_city_columns(Summary), *_summary_columns()),
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
    columns=(
        id_column(Summary),
        *authority_columns(Summary),
        from_model(Summary, "authority__region__code", name="region_code"),
        from_model(Summary, "authority__kind", name="authority_kind"),
        from_model(Summary, "authority__level", name="authority_level"),
        Column(
            name="authority_url",
            sources=("authority_id",),
            title=_("authority page"),
            compute=page_url("authorities:detail", "pk"),
            required=True,
        ),
        *_summary_columns(),
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
    columns=(
        id_column(Average),
        from_model(Average, "group"),
        *_period_columns(Average),
        from_model(Average, "members"),
        *_measure_columns(Average),
    ),
)
