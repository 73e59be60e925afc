"""CSV written by the database is the CSV Python writes, value for value."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.creditlists.models import ListEntry
from portal.disclosures.models import Penalty, Permit
from portal.opendata import datasets, formats, sqltext
from tests.factories import (
    make_company,
    make_credit_list,
    make_list_entry,
    make_measure,
    make_penalty,
    make_permit,
    make_person,
)

pytestmark = pytest.mark.django_db

# Amounts that test the text of a decimal: trailing zeros, whole numbers,
# the sixth decimal, hundreds (Decimal writes 1E+2 before normalising).
AMOUNTS = [Decimal("0.2"), Decimal("3"), Decimal("0.000001"), Decimal("100"), None]


@pytest.fixture
def varied(db):
    company = make_company(former_names=["杭州旧名有限公司", "更早的名字"])
    person = make_person(name="张三丰")
    for n, amount in enumerate(AMOUNTS):
        penalty = make_penalty(
            entity=person if n % 2 else company,
            categories=["warning", "fine"] if amount is not None else ["warning"],
            fine_amount=amount,
            confiscated_amount=Decimal("12.345678") if n == 0 else None,
        )
        # A moment half a second before a new second: cut, never rounded up.
        moment = timezone.now().replace(microsecond=999_999) - datetime.timedelta(
            days=n
        )
        Penalty.objects.filter(pk=penalty.pk).update(updated_at=moment)
    permit = make_permit(entity=company)
    Permit.objects.filter(pk=permit.pk).update(
        published_at=timezone.now().replace(microsecond=500_000)
    )
    credit_list = make_credit_list()
    make_list_entry(entity=person, credit_list=credit_list)
    make_measure(credit_list=credit_list)
    assert ListEntry.objects.exists()


def _csv(plan, queryset) -> bytes:
    return b"".join(formats.csv_chunks(plan, plan.read(queryset)))


@pytest.mark.parametrize("name", sorted(datasets.DATASETS))
def test_the_database_writes_what_python_writes(varied, name):
    dataset = datasets.get(name)
    plan, queryset = dataset.plan(), dataset.base().order_by("pk")
    fast_plan, fast_queryset = sqltext.csv_selection(plan, queryset)

    assert _csv(fast_plan, fast_queryset) == _csv(plan, queryset)
    assert queryset.exists()


def test_penalties_take_the_fast_path_for_every_plain_typed_column(varied):
    plan = datasets.get("penalties").plan()
    fast_plan, _queryset = sqltext.csv_selection(plan, Penalty.objects.all())
    converted = {"number", "datetime", "list", "date"}
    # Only computed columns (masked names, codes) are left to Python.
    assert not [c.name for c in fast_plan.columns if c.type in converted]


def test_a_time_zone_with_summer_time_leaves_datetimes_to_python(varied, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    sqltext.fixed_offset.cache_clear()
    try:
        dataset = datasets.get("penalties")
        plan, queryset = dataset.plan(), dataset.base().order_by("pk")
        fast_plan, fast_queryset = sqltext.csv_selection(plan, queryset)
        assert "datetime" in {c.type for c in fast_plan.columns}
        assert _csv(fast_plan, fast_queryset) == _csv(plan, queryset)
    finally:
        sqltext.fixed_offset.cache_clear()
