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
from tests.inspections.world import inspection_world
from tests.opendata.factories import make_formula_records

pytestmark = pytest.mark.django_db

# Amounts that test the text of a decimal: trailing zeros, whole numbers,
# the sixth decimal, hundreds (Decimal writes 1E+2 before normalising).
AMOUNTS = [Decimal("0.2"), Decimal("3"), Decimal("0.000001"), Decimal("100"), None]


@pytest.fixture
def varied(db):
    # Inspection plans and results in every state, a joint plan's partners.
    inspection_world()
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
    # Values csv.writer must quote, and names the mask must trim first.
    awkward = make_company(name='杭州"新华",网络\n科技\r有限公司')
    make_penalty(
        entity=awkward,
        facts='经营"过期"食品,共计\r\n二十箱',
        remarks="",
        legal_basis=" 《食品安全法》 ",
    )
    # Each character that calls for quotes, alone in its row.
    make_penalty(violation_type="食品\r安全")
    make_penalty(facts="经营\n过期食品")
    make_penalty(content="警告,罚款")
    make_penalty(remarks='见"附件"')
    for name in ("王", " 赵 四\u3000", "\u3000欧阳,修"):
        make_penalty(entity=make_person(name=name))
    credit_list = make_credit_list()
    make_list_entry(entity=person, credit_list=credit_list)
    make_measure(credit_list=credit_list)
    # Texts a spreadsheet would run as formulas, quoted alike on both paths.
    make_formula_records()
    make_list_entry(credit_list=credit_list, reason="@SUM(A1:A2)")
    make_measure(credit_list=credit_list, title="=1+2", description="－2+3")
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


@pytest.mark.parametrize("name", sorted(datasets.DATASETS))
def test_a_download_is_the_file_python_writes(varied, name):
    # Whole lines from the database where it can write them, else values.
    dataset = datasets.get(name)
    plan, queryset = dataset.plan(), dataset.base().order_by("pk")

    assert b"".join(sqltext.csv_download(plan, queryset)) == _csv(plan, queryset)


def test_the_database_writes_every_value_of_penalties_and_permits(varied):
    for name in ("penalties", "permits", "authorities", "measures"):
        dataset = datasets.get(name)
        assert sqltext.csv_texts(dataset.plan(), dataset.base()) is not None, name


def test_a_json_list_or_a_lone_column_is_left_to_python(varied):
    entities = datasets.get("entities")
    # Former names are a JSON list.
    assert sqltext.csv_texts(entities.plan(), entities.base()) is None
    penalties = datasets.get("penalties")
    lone = penalties.plan(["remarks"])
    queryset = penalties.base().order_by("pk")
    assert sqltext.csv_texts(lone, queryset) is None
    # csv.writer writes a lone empty value as "" so the line is not blank.
    assert b'\r\n""\r\n' in b"".join(sqltext.csv_download(lone, queryset))


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
