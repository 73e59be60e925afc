"""A small hand-built world whose every figure is known (see test_statistics.py).

Hangzhou and Yiwu are batch 1 demonstration cities; Ningbo was one in batch 3
until 2024-06-30; Jinhua holds Yiwu and is not designated itself.
"""

import datetime

import pytest
from django.utils import timezone

from portal.cities.statistics import refresh_statistics
from portal.creditlists.models import ListEntry
from portal.disclosures.choices import PenaltyCategory, RecordState, WithdrawalReason
from portal.disclosures.models import Penalty, Permit
from portal.registry.models import Authority, Region
from tests.factories import (
    make_authority,
    make_batch,
    make_designation,
    make_list_entry,
    make_penalty,
    make_permit,
    make_region,
)

D = datetime.date
# The "today" the world is refreshed on: 2025Q1 has ended, 2025Q2 has not.
TODAY = D(2025, 5, 1)


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    """Return a moment in Beijing time."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def regions(db):
    zhejiang = make_region(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    hangzhou = make_region(
        code="330100", name="杭州市", name_en="Hangzhou", parent=zhejiang
    )
    jinhua = make_region(
        code="330700", name="金华市", name_en="Jinhua", parent=zhejiang
    )
    yiwu = make_region(
        code="330782",
        name="义乌市",
        name_en="Yiwu",
        level=Region.Level.COUNTY,
        parent=jinhua,
    )
    ningbo = make_region(
        code="330200", name="宁波市", name_en="Ningbo", parent=zhejiang
    )
    return {
        "zhejiang": zhejiang,
        "hangzhou": hangzhou,
        "jinhua": jinhua,
        "yiwu": yiwu,
        "ningbo": ningbo,
    }


@pytest.fixture
def world(regions):
    first = make_batch(number=1, announced_on=D(2018, 1, 1), source="首批名单")
    third = make_batch(
        number=3, announced_on=D(2021, 10, 1), official_count=34, source="第三批名单"
    )
    make_designation(batch=first, region=regions["hangzhou"], source="首批名单")
    make_designation(batch=first, region=regions["yiwu"], source="首批名单")
    make_designation(
        batch=third,
        region=regions["ningbo"],
        source="第三批名单",
        ended_on=D(2024, 6, 30),
        end_reason="评估未通过",
    )
    hz = make_authority(region=regions["hangzhou"], name="杭州市市场监督管理局")
    court = make_authority(
        region=regions["hangzhou"], name="杭州市中级人民法院", kind=Authority.Kind.COURT
    )
    yw = make_authority(
        region=regions["yiwu"],
        name="义乌市市场监督管理局",
        level=Authority.Level.COUNTY,
    )
    jh = make_authority(region=regions["jinhua"], name="金华市生态环境局")
    nb = make_authority(region=regions["ningbo"], name="宁波市交通运输局")

    records = {
        # Across the 2024 National Day week: deadline 2024-10-12, a make-up
        # Saturday. Published the Monday after: 8 working days, late.
        "late_permit": make_permit(
            authority=hz, decided_on=D(2024, 9, 27), published_at=at(2024, 10, 14)
        ),
        # Fourteen calendar days after its decision, yet on time: 6 working days.
        "holiday_penalty": make_penalty(
            authority=hz, decided_on=D(2024, 9, 27), published_at=at(2024, 10, 11)
        ),
        "quick_permit": make_permit(
            authority=hz, decided_on=D(2024, 10, 8), published_at=at(2024, 10, 9)
        ),
        # Withdrawn since, but it was published in 2024Q4 and counts there.
        "withdrawn_penalty": make_penalty(
            authority=hz,
            decided_on=D(2024, 11, 4),
            published_at=at(2024, 11, 6),
            state=RecordState.WITHDRAWN,
            withdrawal_reason=WithdrawalReason.ANNULLED,
            withdrawn_at=at(2024, 12, 2),
        ),
        "incomplete_permit": make_permit(
            authority=hz, decided_on=D(2024, 11, 11), published_at=at(2024, 11, 12)
        ),
        "draft": make_permit(
            authority=hz,
            decided_on=D(2024, 11, 11),
            state=RecordState.DRAFT,
            published_at=None,
        ),
        "unfined_penalty": make_penalty(
            authority=hz,
            decided_on=D(2025, 1, 6),
            published_at=at(2025, 1, 8),
            categories=[PenaltyCategory.FINE],
        ),
        # 23:30 on New Year's Eve in Beijing is 15:30 UTC: 2024Q4.
        "yiwu_new_years_eve": make_permit(
            authority=yw,
            decided_on=D(2024, 12, 30),
            published_at=at(2024, 12, 31, 23, 30),
        ),
        # 00:30 on New Year's Day in Beijing is still 2024 in UTC: 2025Q1.
        "yiwu_new_year": make_permit(
            authority=yw, decided_on=D(2024, 12, 30), published_at=at(2025, 1, 1, 0, 30)
        ),
        "jinhua_late": make_penalty(
            authority=jh, decided_on=D(2024, 10, 8), published_at=at(2024, 10, 25)
        ),
        "ningbo_q4": make_permit(
            authority=nb, decided_on=D(2024, 10, 8), published_at=at(2024, 10, 10)
        ),
        "ningbo_q2": make_permit(
            authority=nb, decided_on=D(2024, 5, 6), published_at=at(2024, 5, 7)
        ),
    }
    # Records that reached the portal without a required field (a legacy
    # feed); the forms and imports of today refuse them, so they are stored
    # past validation, as such old rows are.
    Permit.objects.filter(pk=records["incomplete_permit"].pk).update(content="")
    Penalty.objects.filter(pk=records["unfined_penalty"].pk).update(fine_amount=None)

    entries = {
        "removed": make_list_entry(
            authority=court,
            listed_on=D(2024, 11, 5),
            removed_on=D(2025, 2, 10),
            removal_reason=ListEntry.RemovalReason.OBLIGATIONS_MET,
        ),
        "expired": make_list_entry(
            authority=court, listed_on=D(2024, 10, 15), expires_on=D(2024, 12, 31)
        ),
        "current": make_list_entry(authority=court, listed_on=D(2024, 12, 2)),
    }
    return {
        **regions,
        "authorities": {"hz": hz, "court": court, "yw": yw, "jh": jh, "nb": nb},
        "records": records,
        "entries": entries,
        "batches": {1: first, 3: third},
    }


@pytest.fixture
def refreshed(world):
    refresh_statistics(today=TODAY)
    return world
